using Onboard.Kernels.Geometry;
using Onboard.Models.Synthetic;

namespace Onboard.Hil.Scenes;

/// <summary>The objects of each scenario.</summary>
public static partial class TrackingSequenceGenerator
{
    // The camera of the driving scenario: 1000 px focal length, principal point at the centre, 1.5 m above the road.
    private const double Focal = 1000, CameraHeight = 1.5, Speed = 15;

    /// <summary>
    /// Roadside signs 3.5–6 m left or right of the lane, their centres 1.8–2.6 m up, 0.6–0.9 m wide, first 25–112 m
    /// ahead (in view from 8 px wide), each turned 10–35° toward the road. The camera drives at 15 m/s and pitches
    /// ±0.25° on the road's bumps; each box is the bounds of the sign's four projected corners, so it grows, slides out
    /// to the image edge and narrows as the view of the turned face becomes oblique.
    /// </summary>
    private static List<Mover> Signs(Random random, int width, int height)
    {
        var movers = new List<Mover>();
        double cu = width / 2.0, cv = height / 2.0;
        for (int id = 1; id <= 10; id++)
        {
            SyntheticSign sign = Sign(random);
            double side = random.NextDouble() < 0.5 ? -1 : 1;
            double x0 = 25 + 9 * (id - 1) + 6 * random.NextDouble();
            double y = side * (3.5 + 2.5 * random.NextDouble()), z = 1.8 + 0.8 * random.NextDouble();
            double w = 0.6 + 0.3 * random.NextDouble(), h = w * sign.Geometry.HeightRatio;
            double turn = (10 + 25 * random.NextDouble()) * Math.PI / 180;
            // The face's horizontal axis: across the road, turned so its normal points back along the road and inward.
            double ex = side * Math.Sin(turn), ey = Math.Cos(turn);
            movers.Add(new Mover(id, sign.ClassId, t =>
            {
                double x = x0 - Speed * t;
                double bump = 0.25 * Math.PI / 180 * Math.Sin(2 * Math.PI * 1.3 * t);
                double u1 = double.MaxValue, v1 = double.MaxValue, u2 = double.MinValue, v2 = double.MinValue;
                for (int c = 0; c < 4; c++)
                {
                    double a = (c & 1) == 0 ? -0.5 : 0.5, b = (c & 2) == 0 ? -0.5 : 0.5;
                    double px = x + a * w * ex, py = y + a * w * ey, pz = z + b * h;
                    if (px < 2)
                    {
                        return null;
                    }
                    double u = cu - Focal * py / px, v = cv - Focal * (pz - CameraHeight) / px + Focal * bump;
                    u1 = Math.Min(u1, u);
                    u2 = Math.Max(u2, u);
                    v1 = Math.Min(v1, v);
                    v2 = Math.Max(v2, v);
                }
                return u2 - u1 < 8 ? null : new BoxF((float)u1, (float)v1, (float)u2, (float)v2);
            })
            { Depth = t => x0 - Speed * t });
        }
        return movers;
    }

    /// <summary>Three pairs of red discs (one class, one size) crossing head-on on one row, at 150–250 px/s, and a
    /// pair crossing diagonally; the first of each pair passes in front.</summary>
    private static List<Mover> Crossing(int width, int height)
    {
        var movers = new List<Mover>();
        int id = 1;
        (double Row, double Start, double Speed)[] pairs = [(0.22, 0.3, 220), (0.5, 2.5, 160), (0.75, 4.8, 250)];
        foreach ((double row, double start, double speed) in pairs)
        {
            double y = row * height, size = 70;
            movers.Add(Linear(id++, 0, start, 60, y, speed, 0, size, size, width, depth: 1));
            movers.Add(Linear(id++, 0, start, width - 60, y + 4, -speed, 0, size, size, width, depth: 2));
        }
        movers.Add(Linear(id++, 0, 1.0, 100, 100, 180, 90, 64, 64, width, depth: 1));
        movers.Add(Linear(id, 0, 1.0, 100 + 180 * 4, 100, -180, 90, 64, 64, width, depth: 2));
        return movers;
    }

    /// <summary>Ten objects crossing the image at 60–250 px/s, each hidden once for 0.3, 0.6, 0.9, 1.2 or 1.5 s.</summary>
    private static List<Mover> Occluded(Random random, int width, int height, double seconds)
    {
        var movers = new List<Mover>();
        double[] durations = [0.3, 0.6, 0.9, 1.2, 1.5];
        for (int id = 1; id <= 10; id++)
        {
            Mover m = Random(random, id, width, height, seconds);
            double hideAt = 1.0 + (seconds - 4) * random.NextDouble(), hideFor = durations[(id - 1) % durations.Length];
            movers.Add(new Mover(m.Id, m.ClassId, m.Box) { Depth = m.Depth, Hidden = t => t >= hideAt && t < hideAt + hideFor });
        }
        return movers;
    }

    private static List<Mover> Straight(Random random, int width, int height, double seconds, int count)
    {
        var movers = new List<Mover>();
        for (int id = 1; id <= count; id++)
        {
            movers.Add(Random(random, id, width, height, seconds));
        }
        return movers;
    }

    /// <summary>Six objects on sinusoidal paths (amplitude 40–120 px, period 2–4 s) across the image.</summary>
    private static List<Mover> Curved(Random random, int width, int height, double seconds)
    {
        var movers = new List<Mover>();
        for (int id = 1; id <= 6; id++)
        {
            SyntheticSign sign = Sign(random);
            double size = 40 + 60 * random.NextDouble(), start = (seconds - 4) * random.NextDouble();
            double y0 = 120 + (height - 240) * random.NextDouble(), speed = (80 + 120 * random.NextDouble()) * (id % 2 == 0 ? 1 : -1);
            double amplitude = 40 + 80 * random.NextDouble(), period = 2 + 2 * random.NextDouble();
            double x0 = speed > 0 ? 0 : width;
            movers.Add(new Mover(id, sign.ClassId, t =>
            {
                if (t < start)
                {
                    return null;
                }
                double s = t - start, x = x0 + speed * s, y = y0 + amplitude * Math.Sin(2 * Math.PI * s / period);
                return x < -size || x > width + size ? null : BoxF.FromCenter((float)x, (float)y, (float)size, (float)(size * sign.Geometry.HeightRatio));
            })
            { Depth = _ => id });
        }
        return movers;
    }

    /// <summary>An object entering from a random edge at a random time and crossing at 60–250 px/s.</summary>
    private static Mover Random(Random random, int id, int width, int height, double seconds)
    {
        SyntheticSign sign = Sign(random);
        double size = 36 + 84 * random.NextDouble(), speed = 60 + 190 * random.NextDouble();
        double start = (seconds - 3) * random.NextDouble();
        bool fromLeft = random.NextDouble() < 0.5;
        double y = size + (height - 2 * size) * random.NextDouble(), slope = (random.NextDouble() - 0.5) * 0.4;
        return Linear(id, sign.ClassId, start, fromLeft ? -size / 2 : width + size / 2, y, fromLeft ? speed : -speed, slope * speed,
            size, size * sign.Geometry.HeightRatio, width, depth: id);
    }

    private static Mover Linear(int id, int classId, double start, double x0, double y0, double vx, double vy, double w, double h, int width, double depth) =>
        new(id, classId, t =>
        {
            if (t < start)
            {
                return null;
            }
            double x = x0 + vx * (t - start), y = y0 + vy * (t - start);
            return x < -w || x > width + w ? null : BoxF.FromCenter((float)x, (float)y, (float)w, (float)h);
        })
        { Depth = _ => depth };
}
