using System.Net.Sockets;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.PipeIngest;

namespace Onboard.Tests.Infrastructure;

/// <summary>Pipe-ingest frames as bytes, whole or damaged, whose pixels a reader can check byte for byte.</summary>
public static class PipeFrames
{
    /// <summary>A gray frame; its pixels are <see cref="Pixels"/>, seeded by the sequence.</summary>
    public static FrameDescriptor Gray(ulong sequence, int width = 32, int height = 24) =>
        new(0, sequence, 0, PixelFormat.Gray8, width, height, width, 1000 + (long)sequence, 2000);

    public static byte[] Pattern(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 31) ^ (seed * 17)))];

    /// <summary>The pixels <see cref="Framed"/> gives <paramref name="frame"/>.</summary>
    public static byte[] Pixels(in FrameDescriptor frame) =>
        Pattern((int)PixelFormatInfo.FrameBytes(frame.Format, frame.Width, frame.Height, frame.Stride), (int)frame.Sequence);

    /// <summary>Header, <paramref name="pixels"/> (default: <see cref="Pixels"/>) and trailer, as
    /// <see cref="PipeFrameWriter"/> writes them; <paramref name="flipHeaderBit"/> garbles the width so the checksum fails.</summary>
    public static byte[] Framed(FrameDescriptor frame, byte[]? pixels = null, bool flipHeaderBit = false)
    {
        using var memory = new MemoryStream();
        new PipeFrameWriter(memory).Write(frame, pixels ?? Pixels(frame));
        byte[] bytes = memory.ToArray();
        if (flipHeaderBit)
        {
            bytes[21] ^= 0x10;
        }
        return bytes;
    }

    public static byte[] HeaderOnly(FrameDescriptor frame)
    {
        var header = new byte[PipeFrameFormat.HeaderBytes];
        PipeFrameFormat.WriteHeader(header, frame);
        return header;
    }

    /// <summary>A client of the Unix socket a <see cref="PipeFrameSource.ListenUnix"/> source listens on.</summary>
    public static NetworkStream Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return new NetworkStream(socket, ownsSocket: true);
    }
}
