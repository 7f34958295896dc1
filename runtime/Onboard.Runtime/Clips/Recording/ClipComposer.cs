using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Triggers;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// Writes one closed <see cref="ClipWindow"/> as an MCAP clip: per frame its image, annotations (tracks when the camera
/// tracks, else detections, scaled to the JPEG's size), detections, tracks and shadow output; every firing of the
/// window on <c>/triggers</c>; the <c>lineage</c> record. Recorder thread.
/// </summary>
internal static class ClipComposer
{
    public static void Write(Stream output, ClipWindow window, IReadOnlyList<BufferedFrame> frames, ClipSource source, string modelId, string modelVersion)
    {
        using var clip = new ClipWriter(output, new McapWriterOptions { Compression = McapCompression.Lz4, LeaveOpen = true });
        ClipCamera camera = clip.Camera(window.CameraId);
        var boxes = new List<ClipBox>();
        foreach (BufferedFrame f in frames)
        {
            uint sequence = (uint)f.Sequence;
            clip.WriteImage(camera, f.CaptureUtcNs, sequence, f.Jpeg);
            Boxes(f, boxes);
            clip.WriteAnnotations(camera, f.CaptureUtcNs, sequence, boxes.ToArray());
            if (f.Detections is { } d)
            {
                clip.WriteDetections(camera, d);
            }
            if (f.Tracks is { } t)
            {
                clip.Write(camera, ClipTopics.Tracks, f.CaptureUtcNs, sequence, t);
            }
            if (f.Shadow is { } s)
            {
                clip.WriteShadow(camera, s);
            }
        }
        foreach (TriggerFiring firing in window.Firings)
        {
            clip.WriteTrigger(firing.CaptureUtcNs, TriggerEvents.Build(firing, modelId, modelVersion));
        }
        clip.WriteLineage(new ClipLineage
        {
            ClipId = window.ClipId,
            VehicleId = source.VehicleId,
            SoftwareVersion = source.SoftwareVersion,
            ConfigHash = source.ConfigHash,
            Models = source.Models,
            TriggerIds = window.TriggerIds,
            Priority = window.Priority,
            StartUtcNs = frames.Count > 0 ? frames[0].CaptureUtcNs : 0,
            EndUtcNs = frames.Count > 0 ? frames[^1].CaptureUtcNs : 0,
        });
        clip.Finish();
    }

    private static void Boxes(BufferedFrame f, List<ClipBox> boxes)
    {
        boxes.Clear();
        float sx = (float)f.Width / f.SourceWidth, sy = (float)f.Height / f.SourceHeight;
        if (f.Tracks is { } tracks)
        {
            foreach (Track t in tracks.Tracks)
            {
                string label = (t.ClassName.Length > 0 ? t.ClassName : "class " + t.ClassId) + " " + t.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                boxes.Add(new ClipBox(t.X1 * sx, t.Y1 * sy, t.X2 * sx, t.Y2 * sy, t.ClassId, label, (long)t.Id));
            }
            return;
        }
        if (f.Detections is { } detections)
        {
            foreach (Detection d in detections.Detections)
            {
                ClipBox b = ClipBox.From(d);
                boxes.Add(b with { X1 = b.X1 * sx, Y1 = b.Y1 * sy, X2 = b.X2 * sx, Y2 = b.Y2 * sy });
            }
        }
    }
}
