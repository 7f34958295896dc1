using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Clips.Recording;
using Onboard.Runtime.Imaging;

namespace Onboard.Tests.Clips;

/// <summary>The pre-buffer budget config check uses holds for real JPEGs: OpenCV's encoder on the sim camera's scenes.</summary>
public sealed class FrameCostTests
{
    [Theory]
    [InlineData(50)]
    [InlineData(85)]
    [InlineData(90)]
    [InlineData(95)]
    public void JpegBytesPerPixel_BoundsTheEncodedSimScenes(int quality)
    {
        const int w = 1280, h = 720;
        var bgr = new byte[w * h * 3];
        var generator = new SceneGenerator(new SceneOptions { Width = w, Height = h, Seed = 3 });
        for (int scene = 0; scene < 5; scene++)
        {
            generator.Render(scene, bgr, []);
            int bytes = ImageCodec.EncodeJpeg(new ImageView(bgr, w, h, PixelFormat.Bgr24), quality).Length;
            Assert.InRange(bytes / (double)(w * h), 0.01, FrameCost.JpegBytesPerPixel(quality));
        }
    }

    [Fact]
    public void Recorded_Width_DownscalesKeepingTheAspectAndAnEvenHeight()
    {
        Assert.Equal((640, 360), FrameCost.Recorded(1280, 720, 640));
        Assert.Equal((1280, 720), FrameCost.Recorded(1280, 720, 0));
        Assert.Equal((1280, 720), FrameCost.Recorded(1280, 720, 1920));
        Assert.Equal((500, 280), FrameCost.Recorded(1280, 720, 500));
    }
}
