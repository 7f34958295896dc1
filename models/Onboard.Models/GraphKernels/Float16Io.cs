using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.GraphKernels;

/// <summary>
/// Gives a float32 model float16 inputs and outputs (Cast nodes at the edges): half the bytes to move per
/// frame, and the form GPU exports in half precision present to the host.
/// </summary>
public static class Float16Io
{
    public static ModelProto Wrap(ModelProto model)
    {
        var result = model.Clone();
        var graph = result.Graph;
        var casts = new List<NodeProto>();
        foreach (var input in graph.Input)
        {
            if (input.Type.TensorType.ElemType != (int)DataType.Float || graph.Initializer.Any(t => t.Name == input.Name))
            {
                continue;
            }
            string inner = input.Name + "_fp32";
            Rename(graph, input.Name, inner);
            casts.Add(Cast(input.Name, inner, DataType.Float));
            input.Type.TensorType.ElemType = (int)DataType.Float16;
        }
        var nodes = new List<NodeProto>(casts);
        nodes.AddRange(graph.Node);
        graph.Node.Clear();
        graph.Node.Add(nodes);
        foreach (var output in graph.Output)
        {
            if (output.Type.TensorType.ElemType != (int)DataType.Float)
            {
                continue;
            }
            string inner = output.Name + "_fp32";
            Rename(graph, output.Name, inner);
            graph.Node.Add(Cast(inner, output.Name, DataType.Float16));
            output.Type.TensorType.ElemType = (int)DataType.Float16;
        }
        return result;
    }

    /// <summary>Renames a value wherever a node reads or writes it.</summary>
    private static void Rename(GraphProto graph, string from, string to)
    {
        foreach (var n in graph.Node)
        {
            for (int i = 0; i < n.Input.Count; i++)
            {
                if (n.Input[i] == from)
                {
                    n.Input[i] = to;
                }
            }
            for (int i = 0; i < n.Output.Count; i++)
            {
                if (n.Output[i] == from)
                {
                    n.Output[i] = to;
                }
            }
        }
    }

    private static NodeProto Cast(string from, string to, DataType type)
    {
        var n = new NodeProto { OpType = "Cast", Name = "cast_" + to };
        n.Input.Add(from);
        n.Output.Add(to);
        n.Attribute.Add(Graph.Attr.Int("to", (long)type));
        return n;
    }
}
