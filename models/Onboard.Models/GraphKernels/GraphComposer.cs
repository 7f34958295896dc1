using System.Globalization;
using Onboard.Models.Graph;
using Onnx;

namespace Onboard.Models.GraphKernels;

/// <summary>
/// Composes graph kernels onto a model: a preprocessing graph whose output feeds the model's image input,
/// and/or a postprocessing graph that consumes the model's first output. The kernel graphs' internal names
/// get a prefix so they cannot collide with the model's; the joined tensors take the model's names.
/// The result keeps the model's opset if it is at least the kernels' (preprocessing 11, NMS 12), else raises it.
/// </summary>
public static class GraphComposer
{
    /// <summary>Metadata key of a composed model: the network input size (<c>W,H</c>) behind the raw-frame input,
    /// which the host needs to map boxes back to source pixels.</summary>
    public const string NetworkInputKey = "onboard.network_input";

    public static ModelProto Compose(ModelProto model, ModelProto? preprocess, ModelProto? postprocess)
    {
        var result = model.Clone();
        GraphProto graph = result.Graph;
        long opset = Math.Max(Opset(model), Math.Max(preprocess is null ? 0 : Opset(preprocess), postprocess is null ? 0 : Opset(postprocess)));
        if (preprocess is not null)
        {
            var inputs = GraphValues.RealInputs(graph);
            if (inputs.Count != 1)
            {
                throw new ArgumentException($"preprocessing composes onto a model with one image input; this one has {inputs.Count}");
            }
            ValueInfoProto modelInput = inputs[0];
            long[] dims = GraphValues.Dims(modelInput);
            GraphProto pre = Prefixed(preprocess.Graph, "onboard_pre/", joinedName: preprocess.Graph.Output[0].Name, joinTo: modelInput.Name);
            graph.Input.Remove(modelInput);
            graph.Input.Insert(0, pre.Input[0]);
            Prepend(graph, pre);
            if (dims.Length == 4)
            {
                result.MetadataProps.Add(new StringStringEntryProto
                {
                    Key = NetworkInputKey,
                    Value = string.Create(CultureInfo.InvariantCulture, $"{dims[3]},{dims[2]}"),
                });
            }
        }
        if (postprocess is not null)
        {
            ValueInfoProto modelOutput = graph.Output[0];
            GraphProto post = Prefixed(postprocess.Graph, "onboard_post/", joinedName: postprocess.Graph.Input[0].Name, joinTo: modelOutput.Name);
            graph.Output.Clear();
            graph.Output.Add(post.Output);
            graph.Initializer.Add(post.Initializer);
            graph.Node.Add(post.Node);
        }
        result.OpsetImport.Clear();
        result.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        foreach (var o in model.OpsetImport)
        {
            if (o.Domain is not ("" or "ai.onnx"))
            {
                result.OpsetImport.Add(o.Clone());
            }
        }
        return result;
    }

    private static void Prepend(GraphProto graph, GraphProto pre)
    {
        var nodes = new List<NodeProto>(pre.Node);
        nodes.AddRange(graph.Node);
        graph.Node.Clear();
        graph.Node.Add(nodes);
        graph.Initializer.Add(pre.Initializer);
    }

    /// <summary>A copy of <paramref name="g"/> with every internal name prefixed; <paramref name="joinedName"/>
    /// becomes <paramref name="joinTo"/>, and the other graph inputs/outputs keep their names.</summary>
    private static GraphProto Prefixed(GraphProto g, string prefix, string joinedName, string joinTo)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in g.Input)
        {
            keep.Add(i.Name);
        }
        foreach (var o in g.Output)
        {
            keep.Add(o.Name);
        }
        string Rename(string name) =>
            name.Length == 0 ? name : name == joinedName ? joinTo : keep.Contains(name) ? name : prefix + name;

        var copy = g.Clone();
        foreach (var t in copy.Initializer)
        {
            t.Name = Rename(t.Name);
        }
        foreach (var n in copy.Node)
        {
            n.Name = prefix + n.Name;
            for (int i = 0; i < n.Input.Count; i++)
            {
                n.Input[i] = Rename(n.Input[i]);
            }
            for (int i = 0; i < n.Output.Count; i++)
            {
                n.Output[i] = Rename(n.Output[i]);
            }
        }
        foreach (var v in copy.Input)
        {
            v.Name = Rename(v.Name);
        }
        foreach (var v in copy.Output)
        {
            v.Name = Rename(v.Name);
        }
        return copy;
    }

    private static long Opset(ModelProto m)
    {
        foreach (var o in m.OpsetImport)
        {
            if (o.Domain is "" or "ai.onnx")
            {
                return o.Version;
            }
        }
        throw new ArgumentException("the model imports no default-domain opset");
    }
}
