namespace Onboard.Hil.Evaluation;

/// <summary>A box for COCO evaluation, as pycocotools holds it: x, y, width, height (double), a class, a score
/// (detections) or an ignore flag (ground truth; COCO's iscrowd), and the image (frame) it belongs to.</summary>
public readonly record struct CocoBox(long Image, int ClassId, double X, double Y, double W, double H, double Score = 0, bool Ignore = false)
{
    public static CocoBox FromCorners(long image, int classId, float x1, float y1, float x2, float y2, double score = 0, bool ignore = false) =>
        new(image, classId, x1, y1, (double)x2 - x1, (double)y2 - y1, score, ignore);
}
