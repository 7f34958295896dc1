using System.CommandLine;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Imaging;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard clip extract FILE --frames DIR</c>: every <c>/&lt;camera&gt;/image</c> frame as DIR/&lt;camera&gt;/&lt;sequence&gt;.jpg
/// and DIR/frames.jsonl with each frame's boxes. A truncated or corrupt clip gives the frames before the damage, says
/// where it stops, and exits 1.
/// </summary>
internal static class ClipExtractCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .mcap clip or recording" };
        var frames = new Option<string>("--frames") { Description = "Directory to write the frames into", Required = true };
        var command = new Command("extract", "Write a clip's frames as JPEG files, with their boxes") { file, frames };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            using var reader = ClipCommand.Open(path);
            if (reader is null)
            {
                return 2;
            }
            // Without OpenCV's native library (linux-arm64) the frames are written as recorded; frames.jsonl has the boxes.
            IClipFrameDrawer drawer = ImageCodec.IsAvailable ? new OpenCvFrameDrawer() : new RecordedFrames();
            var (count, result) = ClipFrameExtractor.Extract(reader, parse.GetValue(frames)!, drawer);
            Console.WriteLine($"extracted {count} frames to {parse.GetValue(frames)} (boxes in frames.jsonl{(drawer.Draws ? ", drawn on the frames" : "; not drawn: OpenCV is not available here")})");
            if (!result.Complete)
            {
                Console.Error.WriteLine($"clip: {path} is truncated or corrupt: {result}");
                return 1;
            }
            return 0;
        });
        return command;
    }
}
