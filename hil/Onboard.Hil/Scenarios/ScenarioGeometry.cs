using Onboard.Kernels.Geometry;
using Onboard.Models.Synthetic;

namespace Onboard.Hil.Scenarios;

/// <summary>
/// The scenario's pinhole geometry: a camera <see cref="Scenario.CameraHeightM"/> above a flat road, looking along
/// it, horizon at the image's middle row. A sign at lateral X, height Y and distance Z projects to
/// u = W/2 + f·X/Z, v = H/2 + f·(h − Y)/Z, width f·S/Z; its distance at time t is d₀ − v_ego·t. A sign is placed
/// while it is fully inside the image (once its edge reaches the border it has passed). Pure: the recorder asks it
/// for ground truth on its own thread while the source renders.
/// </summary>
public sealed class ScenarioGeometry(Scenario scenario)
{
    private const double NearestM = 2;

    public Scenario Scenario { get; } = scenario;

    /// <summary>The signs placed on <paramref name="frame"/>, in the scenario's order.</summary>
    public void Place(long frame, List<SignPlacement> placements)
    {
        placements.Clear();
        Scenario s = Scenario;
        double t = s.TimeOf(frame);
        foreach (ScenarioSign sign in s.Signs)
        {
            if (!IsPresent(sign, t))
            {
                continue;
            }
            double z = sign.DistanceM - s.EgoSpeedMps * t;
            if (z < NearestM)
            {
                continue;
            }
            double x = sign.Side == RoadSide.Left ? -sign.LateralM : sign.LateralM;
            double u = s.Width / 2.0 + s.FocalPx * x / z;
            double v = s.Height / 2.0 + s.FocalPx * (s.CameraHeightM - sign.HeightM) / z;
            double width = s.FocalPx * sign.SizeM / z;
            double height = width * SyntheticSignCatalog.Signs[sign.ClassId].Geometry.HeightRatio;
            var box = BoxF.FromCenter((float)u, (float)v, (float)width, (float)height);
            if (box.X1 < 0 || box.Y1 < 0 || box.X2 > s.Width || box.Y2 > s.Height)
            {
                continue;
            }
            bool hidden = IsHidden(sign, t, z);
            placements.Add(new SignPlacement(sign, box, z, hidden, hidden || width < s.MinBoxPx));
        }
    }

    /// <summary>The events in force at <paramref name="t"/> seconds.</summary>
    public void ActiveEvents(double t, List<ScenarioEvent> events)
    {
        events.Clear();
        foreach (ScenarioEvent e in Scenario.Events)
        {
            if (e.ActiveAt(t))
            {
                events.Add(e);
            }
        }
    }

    /// <summary>Image row of the road at distance <paramref name="z"/> metres.</summary>
    public double GroundRow(double z) => Scenario.Height / 2.0 + Scenario.FocalPx * Scenario.CameraHeightM / z;

    /// <summary>A rare-class sign exists only during its event.</summary>
    private bool IsPresent(ScenarioSign sign, double t)
    {
        bool rare = false;
        foreach (ScenarioEvent e in Scenario.Events)
        {
            if (e.Kind == PerturbationKind.RareClass && e.SignId == sign.Id)
            {
                rare = true;
                if (e.ActiveAt(t))
                {
                    return true;
                }
            }
        }
        return !rare;
    }

    private bool IsHidden(ScenarioSign sign, double t, double z)
    {
        foreach (ScenarioEvent e in Scenario.Events)
        {
            if (e.Kind == PerturbationKind.HiddenUntilClose && e.SignId == sign.Id && e.ActiveAt(t) && z > e.RevealDistanceM)
            {
                return true;
            }
        }
        return false;
    }
}
