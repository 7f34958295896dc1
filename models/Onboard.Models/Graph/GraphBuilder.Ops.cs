namespace Onboard.Models.Graph;

/// <summary>Typed helpers for the ops generated models use, so model code reads like the maths.</summary>
public sealed partial class GraphBuilder
{
    public string Add(string a, string b) => Node("Add", [a, b]);
    public string Sub(string a, string b) => Node("Sub", [a, b]);
    public string Mul(string a, string b) => Node("Mul", [a, b]);
    public string Div(string a, string b) => Node("Div", [a, b]);
    public string Max(string a, string b) => Node("Max", [a, b]);
    public string Sqrt(string x) => Node("Sqrt", [x]);
    public string Exp(string x) => Node("Exp", [x]);
    public string Log(string x) => Node("Log", [x]);
    public string Relu(string x) => Node("Relu", [x]);
    public string Sigmoid(string x) => Node("Sigmoid", [x]);
    public string Clip(string x, float min, float max) => Node("Clip", [x, Scalar(min), Scalar(max)]);

    /// <summary>2-D convolution; <paramref name="pads"/> is [top, left, bottom, right].</summary>
    public string Conv(string x, string weights, string? bias, long[] kernel, long[] strides, long[] pads, long group = 1) =>
        Node("Conv", bias is null ? [x, weights] : [x, weights, bias], null,
            Attr.Ints("kernel_shape", kernel), Attr.Ints("strides", strides), Attr.Ints("pads", pads), Attr.Int("group", group));

    public string Reshape(string x, params long[] shape) => Node("Reshape", [x, Ints(shape)]);

    public string Concat(long axis, params string[] inputs) => Node("Concat", inputs, null, Attr.Int("axis", axis));

    public string Gather(string x, long axis, params long[] indices) =>
        Node("Gather", [x, Ints(indices)], null, Attr.Int("axis", axis));

    public string ReduceSum(string x, long axis, bool keepDims = true) =>
        Node("ReduceSum", [x, Ints(axis)], null, Attr.Int("keepdims", keepDims ? 1 : 0));
}
