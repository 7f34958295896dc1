using Onnx;

namespace Onboard.Models.Graph;

/// <summary>
/// Facts about an ONNX graph's values: which inputs are real, their dimensions and element types. Graph facts, not
/// loading: the manifest checks, the composer and the runtime all read them, and none of them needs the loader.
/// </summary>
public static class GraphValues
{
    /// <summary>The graph inputs that are real inputs (not initializers listed as inputs, as old exporters do).</summary>
    public static List<ValueInfoProto> RealInputs(GraphProto graph)
    {
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer)
        {
            initializers.Add(t.Name);
        }
        var inputs = new List<ValueInfoProto>();
        foreach (var i in graph.Input)
        {
            if (!initializers.Contains(i.Name))
            {
                inputs.Add(i);
            }
        }
        return inputs;
    }

    /// <summary>Dimensions of a tensor value: the value when fixed, −1 when symbolic or unknown.</summary>
    public static long[] Dims(ValueInfoProto value)
    {
        var shape = value.Type?.TensorType?.Shape;
        if (shape is null)
        {
            return [];
        }
        var dims = new long[shape.Dim.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = shape.Dim[i].HasDimValue && shape.Dim[i].DimValue > 0 ? shape.Dim[i].DimValue : -1;
        }
        return dims;
    }

    /// <summary>The ONNX element type code of a tensor value (1 float, 10 float16, 2 uint8, …).</summary>
    public static int ElementType(ValueInfoProto value) => value.Type?.TensorType?.ElemType ?? 0;
}
