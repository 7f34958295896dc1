using System.Buffers.Binary;
using System.Text;

namespace Onboard.Runtime.Diagnostics;

/// <summary>
/// The shared libraries an ELF64 little-endian library names as <c>DT_NEEDED</c> (what <c>readelf -d</c> lists),
/// read from its section headers. The dynamic loader reports only the first one it cannot find; reading the
/// list lets us say every library a provider is missing on this machine, in one message.
/// </summary>
internal static class ElfDependencies
{
    private const uint SectionDynamic = 6;   // SHT_DYNAMIC
    private const long TagNeeded = 1;        // DT_NEEDED
    private const long TagNull = 0;          // DT_NULL ends the dynamic array

    private static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>The <c>DT_NEEDED</c> names of <paramref name="path"/>, in file order; throws <see cref="InvalidDataException"/>
    /// when it is not an ELF64 little-endian file.</summary>
    public static IReadOnlyList<string> Needed(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[64];
        file.ReadExactly(header);
        // e_ident: the magic, then class 2 (64-bit) and data 1 (little-endian).
        if (!header[..4].SequenceEqual(Magic) || header[4] != 2 || header[5] != 1)
        {
            throw new InvalidDataException($"{path} is not an ELF64 little-endian file");
        }
        long sectionOffset = BinaryPrimitives.ReadInt64LittleEndian(header[0x28..]);
        int sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3A..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3C..]);
        byte[] sections = ReadAt(file, sectionOffset, sectionSize * sectionCount);
        for (int i = 0; i < sectionCount; i++)
        {
            ReadOnlySpan<byte> s = sections.AsSpan(i * sectionSize, sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(s[4..]) != SectionDynamic)
            {
                continue;
            }
            byte[] dynamic = ReadAt(file, BinaryPrimitives.ReadInt64LittleEndian(s[0x18..]), (int)BinaryPrimitives.ReadInt64LittleEndian(s[0x20..]));
            // sh_link of the dynamic section is the index of its string table.
            ReadOnlySpan<byte> strtab = sections.AsSpan((int)BinaryPrimitives.ReadUInt32LittleEndian(s[0x28..]) * sectionSize, sectionSize);
            byte[] strings = ReadAt(file, BinaryPrimitives.ReadInt64LittleEndian(strtab[0x18..]), (int)BinaryPrimitives.ReadInt64LittleEndian(strtab[0x20..]));
            return NeededNames(dynamic, strings);
        }
        return [];
    }

    private static List<string> NeededNames(byte[] dynamic, byte[] strings)
    {
        var names = new List<string>();
        for (int at = 0; at + 16 <= dynamic.Length; at += 16)
        {
            long tag = BinaryPrimitives.ReadInt64LittleEndian(dynamic.AsSpan(at));
            if (tag == TagNull)
            {
                break;
            }
            if (tag == TagNeeded)
            {
                int start = (int)BinaryPrimitives.ReadInt64LittleEndian(dynamic.AsSpan(at + 8));
                int end = Array.IndexOf(strings, (byte)0, start);
                names.Add(Encoding.UTF8.GetString(strings, start, end - start));
            }
        }
        return names;
    }

    private static byte[] ReadAt(FileStream file, long offset, int count)
    {
        var buffer = new byte[count];
        file.Position = offset;
        file.ReadExactly(buffer);
        return buffer;
    }
}
