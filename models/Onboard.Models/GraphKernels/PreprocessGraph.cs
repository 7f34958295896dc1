using Onboard.Kernels.Geometry;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Graph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.GraphKernels;

/// <summary>
/// The preprocessing kernel as an ONNX graph, so a GPU provider runs it next to the model: a raw frame
/// <c>uint8 [1, H, W, 3]</c> → float → NCHW → channel order → bilinear resize → scale → letterbox pad /
/// centre crop → mean/std → <c>float [1, 3, h, w]</c>. The geometry is planned on the host by the same
/// <see cref="GeometryPlanner"/> the host kernel uses, so both place the image identically; the resize is
/// ONNX <c>Resize</c> linear with <c>half_pixel</c> coordinates, OpenCV's INTER_LINEAR convention (ORT clamps
/// the taps at the edges as OpenCV does). Ops and signatures are the ones valid from opset 11 on, so the
/// graph composes onto older exports too.
/// </summary>
public static class PreprocessGraph
{
    public const string InputName = "frame";

    public static ModelProto Build(
        int sourceWidth, int sourceHeight, ChannelOrder sourceOrder, in PreprocessOptions options,
        float[]? mean = null, float[]? std = null, string outputName = "images")
    {
        ImageTransform t = GeometryPlanner.Plan(sourceWidth, sourceHeight, options.Width, options.Height, options.Mode);
        var g = new GraphBuilder("onboard_preprocess");
        string frame = g.Input(InputName, DataType.Uint8, 1, sourceHeight, sourceWidth, 3);
        string x = g.Transpose(g.Node("Cast", [frame], null, Attr.Int("to", (long)DataType.Float)), 0, 3, 1, 2);
        if (sourceOrder != options.Order)
        {
            x = g.Gather(x, 1, 2, 1, 0);
        }
        if (t.ResizedWidth != sourceWidth || t.ResizedHeight != sourceHeight)
        {
            // Empty roi and scales (not ""), so the node is valid at opset 11 where both inputs are required.
            string empty = g.Initializer(Array.Empty<float>(), [0]);
            x = g.Node("Resize", [x, empty, empty, g.Ints(1, 3, t.ResizedHeight, t.ResizedWidth)], null,
                Attr.String("mode", "linear"), Attr.String("coordinate_transformation_mode", "half_pixel"));
        }
        x = g.Mul(x, g.Scalar(options.Scale));
        int left = (int)t.PadLeft;
        int top = (int)t.PadTop;
        if (options.Mode == GeometryMode.Letterbox)
        {
            int right = options.Width - t.ResizedWidth - left;
            int bottom = options.Height - t.ResizedHeight - top;
            if (left != 0 || top != 0 || right != 0 || bottom != 0)
            {
                x = g.Node("Pad", [x, g.Ints(0, 0, top, left, 0, 0, bottom, right), g.Scalar(options.PadValue * options.Scale)], null,
                    Attr.String("mode", "constant"));
            }
        }
        else if (options.Mode == GeometryMode.CenterCrop && (left != 0 || top != 0))
        {
            x = g.Node("Slice", [x, g.Ints(-top, -left), g.Ints(-top + options.Height, -left + options.Width), g.Ints(2, 3)]);
        }
        if (mean is { Length: 3 })
        {
            x = g.Sub(x, g.Initializer(mean, [1, 3, 1, 1]));
        }
        if (std is { Length: 3 })
        {
            x = g.Div(x, g.Initializer(std, [1, 3, 1, 1]));
        }
        g.Output(x, outputName, DataType.Float, 1, 3, options.Height, options.Width);
        return g.Build("0.1.0", opset: 11);
    }
}
