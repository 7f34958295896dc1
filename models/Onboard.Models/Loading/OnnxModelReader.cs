using Google.Protobuf;
using Onnx;

namespace Onboard.Models.Loading;

/// <summary>
/// Reads an .onnx file as a <see cref="ModelProto"/> and checks that it is whole: it parses, has a graph,
/// and every value a node consumes is produced by something. ONNX Runtime's own messages for a broken
/// file are terse ("Protobuf parsing failed"); this names the file and what is wrong with it.
/// </summary>
public static class OnnxModelReader
{
    public static ModelProto Read(string path) => Parse(path, ReadBytes(path));

    /// <summary>The file's bytes, with a missing or unreadable file reported as a <see cref="ModelLoadException"/>.</summary>
    public static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }
    }

    public static ModelProto Parse(string path, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw new ModelLoadException(path, "file is empty");
        }
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelLoadException(path, $"not a valid ONNX protobuf ({bytes.Length} bytes; truncated or corrupt): {e.Message}", e);
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new ModelLoadException(path, $"no graph or an empty graph ({bytes.Length} bytes; truncated or not an ONNX model)");
        }
        if (model.OpsetImport.Count == 0)
        {
            throw new ModelLoadException(path, "no opset_import (not an ONNX model, or truncated before its header)");
        }
        CheckDataflow(path, model.Graph);
        return model;
    }

    private static void CheckDataflow(string path, GraphProto graph)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var i in graph.Input)
        {
            defined.Add(i.Name);
        }
        foreach (var t in graph.Initializer)
        {
            defined.Add(t.Name);
        }
        foreach (var n in graph.Node)
        {
            foreach (var o in n.Output)
            {
                defined.Add(o);
            }
        }
        foreach (var n in graph.Node)
        {
            foreach (var i in n.Input)
            {
                if (!defined.Contains(i))
                {
                    throw new ModelLoadException(path, $"node '{n.Name}' ({n.OpType}) reads '{i}', which nothing in the graph defines (truncated or corrupt)");
                }
            }
        }
        foreach (var o in graph.Output)
        {
            if (!defined.Contains(o.Name))
            {
                throw new ModelLoadException(path, $"graph output '{o.Name}' is not produced by any node (truncated or corrupt)");
            }
        }
    }
}
