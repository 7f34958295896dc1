using Onboard.Models.Synthetic;
using OpenCvSharp;

namespace Onboard.Hil.Scenarios;

/// <summary>
/// Draws a scenario's frames (BGR24) with OpenCV: a low-saturation road scene whose lane dashes move at the ego
/// speed, signs (anti-aliased polygons and discs, sub-pixel) on posts, then the long-tail events in force — sign
/// events while drawing the sign, image events in the order a camera would suffer them (scene: fog, night, glare,
/// rain; optics: motion blur, defocus; sensor: noise last). Every random draw is seeded by (seed, frame, what), so
/// frame k is the same whenever and wherever it is drawn. Owns one frame buffer: one renderer per thread.
/// </summary>
public sealed class ScenarioRenderer : IDisposable
{
    private const int Shift = 4;
    private const double SubPixel = 1 << Shift;
    private const double DashPeriodM = 12;
    private const double DashLengthM = 4;

    private readonly ScenarioGeometry _geometry;
    private readonly Mat _frame;
    private readonly Mat _scratch;
    private readonly List<SignPlacement> _placements = [];
    private readonly List<ScenarioEvent> _events = [];

    public ScenarioRenderer(Scenario scenario)
    {
        _geometry = new ScenarioGeometry(scenario);
        _frame = new Mat(scenario.Height, scenario.Width, MatType.CV_8UC3);
        _scratch = new Mat(scenario.Height, scenario.Width, MatType.CV_8UC3);
    }

    public ScenarioGeometry Geometry => _geometry;

    /// <summary>Draws frame <paramref name="frame"/>; the returned pixels stay valid until the next call.</summary>
    public ReadOnlySpan<byte> Render(long frame)
    {
        Scenario s = _geometry.Scenario;
        double t = s.TimeOf(frame);
        _geometry.Place(frame, _placements);
        _geometry.ActiveEvents(t, _events);
        DrawRoad(frame, t);
        // Far signs first, so a near one covers a far one behind it.
        _placements.Sort((a, b) => b.DistanceM.CompareTo(a.DistanceM));
        foreach (SignPlacement p in _placements)
        {
            DrawSign(p, t);
        }
        foreach (ScenarioEvent e in _events)
        {
            ApplyScene(e, frame);
        }
        foreach (ScenarioEvent e in _events)
        {
            ApplyOptics(e);
        }
        foreach (ScenarioEvent e in _events)
        {
            if (e.Kind is PerturbationKind.Noise or PerturbationKind.Night)
            {
                AddNoise(frame, e.Kind == PerturbationKind.Noise ? 25 * e.Strength : 10 * e.Strength, (int)e.Kind);
            }
        }
        return _frame.AsSpan<byte>();
    }

    public void Dispose()
    {
        _frame.Dispose();
        _scratch.Dispose();
    }

    private Span<byte> Pixels => _frame.AsSpan<byte>();

    /// <summary>Sky, verges and road, with per-pixel grain; grey levels in [60, 200] and tints under ±8, so no
    /// colour-evidence channel of the synthetic detector fires on the background.</summary>
    private void DrawRoad(long frame, double t)
    {
        Scenario s = _geometry.Scenario;
        int w = s.Width, h = s.Height, horizon = h / 2;
        Span<byte> px = Pixels;
        double travelled = s.EgoSpeedMps * t;
        uint seed = (uint)s.Seed * 2654435761u ^ (uint)frame * 40503u;
        for (int y = 0; y < h; y++)
        {
            Span<byte> row = px.Slice(y * w * 3, w * 3);
            double below = y + 0.5 - horizon;
            double z = below > 0 ? s.FocalPx * s.CameraHeightM / below : double.PositiveInfinity;
            double roadHalf = below > 0 ? s.FocalPx * 3.5 / z : 0;
            double dashHalf = below > 0 ? s.FocalPx * 0.08 / z : 0;
            bool dash = below > 0 && (z + travelled) % DashPeriodM < DashLengthM;
            for (int x = 0; x < w; x++)
            {
                double dx = Math.Abs(x + 0.5 - w / 2.0);
                int b, g, r;
                if (below <= 0)
                {
                    int sky = 185 - (int)(25.0 * y / horizon);
                    (b, g, r) = (sky + 6, sky + 2, sky - 4);
                }
                else if (dx < roadHalf)
                {
                    int road = dash && dx < dashHalf ? 190 : 92;
                    (b, g, r) = (road, road, road);
                }
                else
                {
                    (b, g, r) = (108, 118, 112);
                }
                int grain = (int)(Hash(seed, (uint)(y * w + x)) % 9) - 4;
                row[3 * x] = Clamp(b + grain);
                row[3 * x + 1] = Clamp(g + grain);
                row[3 * x + 2] = Clamp(r + grain);
            }
        }
    }

    private void DrawSign(SignPlacement p, double t)
    {
        Scenario s = _geometry.Scenario;
        SyntheticSign catalogue = SyntheticSignCatalog.Signs[p.Sign.ClassId];
        double width = p.Box.Width;
        // The post: from the sign's bottom edge down to the road at the sign's distance.
        int thickness = Math.Max(1, (int)Math.Round(s.FocalPx * 0.05 / p.DistanceM));
        Cv2.Line(_frame, new Point(p.Box.CenterX * SubPixel, p.Box.Y2 * SubPixel),
            new Point(p.Box.CenterX * SubPixel, _geometry.GroundRow(p.DistanceM) * SubPixel), new Scalar(70, 72, 72), thickness, LineTypes.AntiAlias, Shift);

        double fade = 0;
        foreach (ScenarioEvent e in _events)
        {
            if (e.Kind == PerturbationKind.Faded && e.SignId == p.Sign.Id)
            {
                fade = Math.Max(fade, 0.75 * e.Strength);
            }
        }
        var paint = new Scalar(Lerp(catalogue.B, 150, fade), Lerp(catalogue.G, 150, fade), Lerp(catalogue.R, 150, fade));
        ShapeGeometry shape = catalogue.Geometry;
        if (shape.Polygon is null)
        {
            Cv2.Circle(_frame, new Point(p.Box.CenterX * SubPixel, p.Box.CenterY * SubPixel), (int)Math.Round(width / 2 * SubPixel), paint, -1, LineTypes.AntiAlias, Shift);
        }
        else
        {
            var points = new Point[shape.Polygon.Count];
            for (int i = 0; i < points.Length; i++)
            {
                (double vx, double vy) = shape.Polygon[i];
                points[i] = new Point((p.Box.CenterX + vx * width) * SubPixel, (p.Box.CenterY + vy * width) * SubPixel);
            }
            Cv2.FillPoly(_frame, [points], paint, LineTypes.AntiAlias, Shift);
        }
        if (fade > 0)
        {
            DrawScratches(p);
        }
        foreach (ScenarioEvent e in _events)
        {
            if (e.SignId != p.Sign.Id)
            {
                continue;
            }
            if (e.Kind == PerturbationKind.Occlusion)
            {
                // Something in front of the sign's left part (a branch, a van's mirror): strength × its width.
                Cv2.Rectangle(_frame, new Point((p.Box.X1 - 1) * SubPixel, (p.Box.Y1 - 2) * SubPixel),
                    new Point((p.Box.X1 + e.Strength * width) * SubPixel, (p.Box.Y2 + 2) * SubPixel), new Scalar(84, 90, 86), -1, LineTypes.AntiAlias, Shift);
            }
        }
        if (p.Hidden)
        {
            // A hedge or parked truck between the camera and the sign, drawn over it and its surroundings.
            Cv2.Rectangle(_frame, new Point((p.Box.X1 - 0.6 * width) * SubPixel, (p.Box.Y1 - 0.6 * width) * SubPixel),
                new Point((p.Box.X2 + 0.6 * width) * SubPixel, _geometry.GroundRow(p.DistanceM) * SubPixel), new Scalar(96, 104, 100), -1, LineTypes.AntiAlias, Shift);
        }
    }

    /// <summary>Damage: a few dark scratches fixed to the sign (seeded by its id, not the frame).</summary>
    private void DrawScratches(SignPlacement p)
    {
        var random = new Random(unchecked(_geometry.Scenario.Seed * 31 + p.Sign.Id));
        int thickness = Math.Max(1, (int)(p.Box.Width / 14));
        for (int i = 0; i < 3; i++)
        {
            double x0 = p.Box.X1 + random.NextDouble() * p.Box.Width, y0 = p.Box.Y1 + random.NextDouble() * p.Box.Height;
            double x1 = p.Box.X1 + random.NextDouble() * p.Box.Width, y1 = p.Box.Y1 + random.NextDouble() * p.Box.Height;
            Cv2.Line(_frame, new Point(x0 * SubPixel, y0 * SubPixel), new Point(x1 * SubPixel, y1 * SubPixel), new Scalar(60, 60, 60), thickness, LineTypes.AntiAlias, Shift);
        }
    }

    private void ApplyScene(ScenarioEvent e, long frame)
    {
        Scenario s = _geometry.Scenario;
        switch (e.Kind)
        {
            case PerturbationKind.Fog:
                Fog(e.Strength);
                break;
            case PerturbationKind.Night:
                _frame.ConvertTo(_frame, MatType.CV_8UC3, 1 - 0.8 * e.Strength);
                break;
            case PerturbationKind.Glare:
            {
                // Fixed for the event (seeded by its start), as the sun stays where it is.
                var random = new Random(unchecked(s.Seed * 131 + (int)(e.StartS * 1000)));
                var centre = new Point(s.Width * (0.2 + 0.6 * random.NextDouble()), s.Height * (0.15 + 0.3 * random.NextDouble()));
                _scratch.SetTo(Scalar.All(0));
                Cv2.Circle(_scratch, centre, (int)(s.Height * (0.08 + 0.2 * e.Strength)), new Scalar(255, 255, 245), -1, LineTypes.AntiAlias);
                Cv2.GaussianBlur(_scratch, _scratch, new Size(0, 0), s.Height * 0.08);
                Cv2.AddWeighted(_frame, 1, _scratch, 0.6 + 0.4 * e.Strength, 0, _frame);
                break;
            }
            case PerturbationKind.Rain:
            {
                var random = new Random(unchecked(s.Seed * 8191 + (int)frame));
                _frame.CopyTo(_scratch);
                int streaks = (int)(400 * e.Strength);
                for (int i = 0; i < streaks; i++)
                {
                    double x = random.NextDouble() * s.Width, y = random.NextDouble() * s.Height, length = 8 + random.NextDouble() * 14;
                    Cv2.Line(_scratch, new Point(x * SubPixel, y * SubPixel), new Point((x - 0.25 * length) * SubPixel, (y + length) * SubPixel),
                        new Scalar(205, 205, 205), 1, LineTypes.AntiAlias, Shift);
                }
                Cv2.AddWeighted(_frame, 0.45, _scratch, 0.55, 0, _frame);
                break;
            }
        }
    }

    private void ApplyOptics(ScenarioEvent e)
    {
        switch (e.Kind)
        {
            case PerturbationKind.MotionBlur:
            {
                int length = 3 + (int)(14 * e.Strength);
                using var kernel = new Mat(1, length, MatType.CV_32FC1, Scalar.All(1.0 / length));
                Cv2.Filter2D(_frame, _frame, MatType.CV_8UC3, kernel, borderType: BorderTypes.Reflect101);
                break;
            }
            case PerturbationKind.Defocus:
                Cv2.GaussianBlur(_frame, _frame, new Size(0, 0), 0.5 + 4 * e.Strength);
                break;
        }
    }

    /// <summary>Pulls each row towards a light grey, most at the horizon (the furthest road), none at the bottom.</summary>
    private void Fog(double strength)
    {
        Scenario s = _geometry.Scenario;
        Span<byte> px = Pixels;
        int horizon = s.Height / 2;
        for (int y = 0; y < s.Height; y++)
        {
            double depth = y <= horizon ? 1 : 1 - (y - horizon) / (double)(s.Height - horizon);
            double a = Math.Clamp(strength, 0, 1) * (0.35 + 0.6 * depth);
            Span<byte> row = px.Slice(y * s.Width * 3, s.Width * 3);
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = Clamp(row[i] + a * (200 - row[i]));
            }
        }
    }

    /// <summary>Zero-mean noise of standard deviation ≈ <paramref name="sigma"/>: the sum of four uniform draws of a
    /// counter hash (Irwin–Hall), seeded by (seed, frame, kind) — cheap and the same on every machine.</summary>
    private void AddNoise(long frame, double sigma, int kind)
    {
        Span<byte> px = Pixels;
        uint seed = (uint)_geometry.Scenario.Seed * 0x9E3779B9u ^ (uint)frame * 0x85EBCA6Bu ^ (uint)kind * 0xC2B2AE35u;
        // Four uniforms on [0, 1) sum to variance 4/12; scale to σ.
        double scale = sigma / Math.Sqrt(4.0 / 12.0) / 256.0;
        for (int i = 0; i < px.Length; i++)
        {
            uint hash = Hash(seed, (uint)i);
            int sum = (int)(hash & 0xFF) + (int)((hash >> 8) & 0xFF) + (int)((hash >> 16) & 0xFF) + (int)(hash >> 24);
            px[i] = Clamp(px[i] + (sum - 510) * scale);
        }
    }

    private static uint Hash(uint seed, uint i)
    {
        uint x = i * 0x9E3779B1u ^ seed;
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }

    private static double Lerp(byte from, double to, double a) => from + a * (to - from);

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
