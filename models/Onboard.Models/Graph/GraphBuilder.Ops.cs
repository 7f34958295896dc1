namespace Onboard.Models.Graph;

/// <summary>Typed helpers for the ops generated models use, so model code reads like the maths.</summary>
public sealed partial class GraphBuilder
{
    public string Add(string a, string b) => Node("Add", [a, b]);
    public string Sub(string a, string b) => Node("Sub", [a, b]);
    public string Mul(string a, string b) => Node("Mul", [a, b]);
    public string Div(string a, string b) => Node("Div", [a, b]);
    public string Max(string a, string b) => Node("Max", [a, b]);
    public string Min(string a, string b) => Node("Min", [a, b]);
    public string Sqrt(string x) => Node("Sqrt", [x]);
    public string Exp(string x) => Node("Exp", [x]);
    public string Log(string x) => Node("Log", [x]);
    public string Relu(string x) => Node("Relu", [x]);
    public string Sigmoid(string x) => Node("Sigmoid", [x]);
    public string Clip(string x, float min, float max) => Node("Clip", [x, Scalar(min), Scalar(max)]);

    /// <summary>SiLU as exporters emit it: <c>x · sigmoid(x)</c>.</summary>
    public string Silu(string x) => Mul(x, Sigmoid(x));

    /// <summary>2-D convolution; <paramref name="pads"/> is [top, left, bottom, right].</summary>
    public string Conv(string x, string weights, string? bias, long[] kernel, long[] strides, long[] pads, long group = 1) =>
        Node("Conv", bias is null ? [x, weights] : [x, weights, bias], null,
            Attr.Ints("kernel_shape", kernel), Attr.Ints("strides", strides), Attr.Ints("pads", pads), Attr.Int("group", group));

    /// <summary>Max pooling with a square window and symmetric padding.</summary>
    public string MaxPool(string x, long kernel, long stride, long pad) =>
        Node("MaxPool", [x], null,
            Attr.Ints("kernel_shape", kernel, kernel), Attr.Ints("strides", stride, stride), Attr.Ints("pads", pad, pad, pad, pad));

    public string Reshape(string x, params long[] shape) => Node("Reshape", [x, Ints(shape)]);

    public string Transpose(string x, params long[] perm) => Node("Transpose", [x], null, Attr.Ints("perm", perm));

    public string Softmax(string x, long axis) => Node("Softmax", [x], null, Attr.Int("axis", axis));

    public string Concat(long axis, params string[] inputs) => Node("Concat", inputs, null, Attr.Int("axis", axis));

    /// <summary>Splits <paramref name="x"/> along <paramref name="axis"/> into parts of the given sizes.</summary>
    public string[] Split(string x, long axis, params long[] sizes) =>
        NodeMulti("Split", [x, Ints(sizes)], sizes.Length, null, Attr.Int("axis", axis));

    public string Gather(string x, long axis, params long[] indices) =>
        Node("Gather", [x, Ints(indices)], null, Attr.Int("axis", axis));

    public string ReduceSum(string x, long axis, bool keepDims = true) =>
        Node("ReduceSum", [x, Ints(axis)], null, Attr.Int("keepdims", keepDims ? 1 : 0));
}
