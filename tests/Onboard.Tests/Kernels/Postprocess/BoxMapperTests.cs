using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;

namespace Onboard.Tests.Kernels.Postprocess;

public sealed class BoxMapperTests
{
    [Fact]
    public void ToSource_Letterbox1280x720_SubtractsPadDividesGainAndClips()
    {
        // 1280x720 into 640x640: gain 0.5, 360 rows of image, 140 rows of pad above.
        ImageTransform t = GeometryPlanner.Plan(1280, 720, 640, 640, GeometryMode.Letterbox);
        Detection[] d =
        [
            new(new BoxF(100, 150, 200, 250), 0.9f, 0, 0),
            new(new BoxF(-10, 130, 50, 160), 0.8f, 0, 1),   // sticks out left and into the top pad
        ];
        Assert.Equal(2, BoxMapper.ToSource(d, t));
        Assert.Equal(new BoxF(200, 20, 400, 220), d[0].Box);
        Assert.Equal(new BoxF(0, 0, 100, 40), d[1].Box);
    }

    [Fact]
    public void ToSource_BoxWhollyInPadding_IsDroppedAndOrderKept()
    {
        ImageTransform t = GeometryPlanner.Plan(1280, 720, 640, 640, GeometryMode.Letterbox);
        Detection[] d =
        [
            new(new BoxF(10, 10, 50, 100), 0.9f, 0, 0),     // all in the top pad (rows 0..140)
            new(new BoxF(10, 200, 50, 300), 0.8f, 0, 1),
            new(new BoxF(10, 510, 50, 600), 0.7f, 0, 2),    // all in the bottom pad
            new(new BoxF(60, 200, 90, 300), 0.6f, 0, 3),
        ];
        int n = BoxMapper.ToSource(d, t);
        Assert.Equal([1, 3], NmsCases.Indices(d.AsSpan(0, n)));
    }

    [Fact]
    public void ToSource_StretchAndCentreCrop_UseTheirOwnScaleAndOffset()
    {
        ImageTransform stretch = GeometryPlanner.Plan(1280, 720, 640, 640, GeometryMode.Stretch);
        ImageTransform crop = GeometryPlanner.Plan(1280, 720, 640, 640, GeometryMode.CenterCrop);
        Detection[] s = [new(new BoxF(320, 320, 640, 640), 0.9f, 0, 0)];
        Detection[] c = [new(new BoxF(0, 0, 640, 640), 0.9f, 0, 0)];
        BoxMapper.ToSource(s, stretch);
        BoxMapper.ToSource(c, crop);
        Assert.Equal(new BoxF(640, 360, 1280, 720), s[0].Box);
        // 720 rows scale to 640 (gain 8/9); the 1138 resized columns lose 249 on the left, so the crop
        // holds source columns 249·9/8 to (640 + 249)·9/8.
        Assert.Equal(-249, crop.PadLeft);
        Assert.Equal(280.125f, c[0].Box.X1, 0.001f);
        Assert.Equal(1000.125f, c[0].Box.X2, 0.001f);
        Assert.Equal((0f, 720f), (c[0].Box.Y1, c[0].Box.Y2));
    }

    [Fact]
    public void UltralyticsScaleBoxes_PadRecomputedFromUnroundedSize_DiffersFromLetterboxByOnePixel()
    {
        // 101x480 → gain 4/3: the image is resized to 135 columns (pad 252), but scale_boxes recomputes
        // round((640 − 134.67)/2 − 0.1) = 253. Mapping with it reproduces Ultralytics' boxes.
        ImageTransform letterbox = GeometryPlanner.Plan(101, 480, 640, 640, GeometryMode.Letterbox);
        ImageTransform ultralytics = ImageTransform.UltralyticsScaleBoxes(640, 640, 101, 480);
        Assert.Equal(252, letterbox.PadLeft);
        Assert.Equal(253, ultralytics.PadLeft);
        Assert.Equal(0, ultralytics.PadTop);
        Assert.Equal(4f / 3f, ultralytics.ScaleX);
        Detection[] d = [new(new BoxF(263, 100, 303, 200), 0.9f, 0, 0)];
        BoxMapper.ToSource(d, ultralytics);
        Assert.Equal(new BoxF((263f - 253f) / (4f / 3f), 100f / (4f / 3f), (303f - 253f) / (4f / 3f), 200f / (4f / 3f)), d[0].Box);
    }

    [Theory]
    [InlineData(1280, 720)]
    [InlineData(640, 480)]
    [InlineData(1920, 1080)]
    [InlineData(333, 500)]
    public void UltralyticsScaleBoxes_CommonSizes_AgreeWithTheAppliedLetterbox(int w, int h)
    {
        ImageTransform letterbox = GeometryPlanner.Plan(w, h, 640, 640, GeometryMode.Letterbox);
        ImageTransform ultralytics = ImageTransform.UltralyticsScaleBoxes(640, 640, w, h);
        Assert.Equal((letterbox.PadLeft, letterbox.PadTop, letterbox.ScaleX), (ultralytics.PadLeft, ultralytics.PadTop, ultralytics.ScaleX));
    }
}
