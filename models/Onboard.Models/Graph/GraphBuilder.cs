using System.Globalization;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.Graph;

/// <summary>
/// A small, explicit builder for ONNX graphs: inputs, initializers, nodes, outputs, then a
/// <see cref="ModelProto"/>. Value names are generated (<c>{op}_{n}</c>) unless given, so composing
/// subgraphs cannot collide. The common ops have typed helpers in <c>GraphBuilder.Ops.cs</c>.
/// </summary>
public sealed partial class GraphBuilder
{
    /// <summary>The opset our generated models target: ONNX 1.12 (Debian's python3-onnx checks them) and every ORT since 1.13.</summary>
    public const long DefaultOpset = 17;

    private readonly GraphProto _graph;
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);

    public GraphBuilder(string name)
    {
        _graph = new GraphProto { Name = name };
    }

    public GraphProto Graph => _graph;

    /// <summary>Declares a graph input. A dimension of -1 becomes a symbolic dimension named <c>d{index}</c>.</summary>
    public string Input(string name, DataType type, params long[] dims)
    {
        _graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares a graph output; <paramref name="value"/> is renamed through an Identity if needed.</summary>
    public string Output(string value, string name, DataType type, params long[] dims)
    {
        if (value != name)
        {
            Node("Identity", [value], name: name);
        }
        _graph.Output.Add(ValueInfo(name, type, dims));
        return name;
    }

    public string Initializer(float[] values, long[] dims, string? name = null)
    {
        var t = new TensorProto { Name = name ?? NextName("const"), DataType = (int)DataType.Float };
        t.Dims.Add(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        t.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    public string Initializer(long[] values, long[] dims, string? name = null)
    {
        var t = new TensorProto { Name = name ?? NextName("const"), DataType = (int)DataType.Int64 };
        t.Dims.Add(dims);
        t.Int64Data.Add(values);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>A scalar float constant (shape []), broadcastable everywhere.</summary>
    public string Scalar(float value) => Initializer([value], []);

    /// <summary>A 1-D int64 constant, the form Reshape/Slice/ReduceSum/Unsqueeze take their axes and shapes in.</summary>
    public string Ints(params long[] values) => Initializer(values, [values.Length]);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, string? name = null, params AttributeProto[] attributes) =>
        NodeMulti(opType, inputs, 1, name, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs and returns their names.</summary>
    public string[] NodeMulti(string opType, string[] inputs, int outputCount, string? name = null, params AttributeProto[] attributes)
    {
        string baseName = name ?? NextName(opType.ToLowerInvariant());
        var node = new NodeProto { OpType = opType, Name = baseName };
        node.Input.Add(inputs);
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++)
        {
            outputs[i] = outputCount == 1 ? baseName : baseName + "_" + i.ToString(CultureInfo.InvariantCulture);
        }
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    /// <summary>Wraps the graph into a model with the given opset and metadata.</summary>
    public ModelProto Build(string producerVersion, IEnumerable<KeyValuePair<string, string>>? metadata = null, long opset = DefaultOpset)
    {
        var model = new ModelProto
        {
            // IR version 8 goes with opset 17 (ONNX 1.12's pairing).
            IrVersion = 8,
            ProducerName = "onboard",
            ProducerVersion = producerVersion,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
            }
        }
        return model;
    }

    private string NextName(string prefix)
    {
        _counters.TryGetValue(prefix, out int n);
        _counters[prefix] = n + 1;
        return prefix + "_" + n.ToString(CultureInfo.InvariantCulture);
    }

    private static ValueInfoProto ValueInfo(string name, DataType type, long[] dims)
    {
        var shape = new TensorShapeProto();
        for (int i = 0; i < dims.Length; i++)
        {
            shape.Dim.Add(dims[i] >= 0
                ? new TensorShapeProto.Types.Dimension { DimValue = dims[i] }
                : new TensorShapeProto.Types.Dimension { DimParam = "d" + i.ToString(CultureInfo.InvariantCulture) });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
