using Onboard.Kernels.Postprocess;
using Onboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Onboard.Tests.Kernels.Postprocess;

/// <summary>Our greedy NMS against OpenCV's <c>cv2.dnn.NMSBoxes</c> (Debian python3-opencv), every case in one
/// Python process.</summary>
public sealed class NmsOpenCvParityTests(ITestOutputHelper output)
{
    [Fact]
    public void Greedy_ThousandsOfRandomCases_KeepsWhatOpenCvNmsBoxesKeeps()
    {
        var random = new Random(4242);
        var cases = new List<(Detection[] Input, float IoU, bool Agnostic)>();
        foreach (NmsCases.Kind kind in Enum.GetValues<NmsCases.Kind>())
        {
            for (int i = 0; i < 500; i++)
            {
                Detection[] input = NmsCases.Generate(random, kind, classes: 1 + random.Next(4));
                float iou = i % 2 == 0 ? NmsCases.s_thresholds[random.Next(NmsCases.s_thresholds.Length)] : (float)(0.05 + 0.9 * random.NextDouble());
                // Agnostic is the case OpenCV computes natively; per-class goes through the class-offset trick.
                cases.Add((input, iou, Agnostic: i % 3 != 0));
            }
        }

        using var dir = new TempDirectory();
        string casesPath = dir.File("cases.bin");
        string result = dir.File("keep.txt");
        Write(casesPath, cases);
        using (var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("nms_opencv.py"), casesPath, result))
        {
            Assert.True(peer.WaitForExit(TimeSpan.FromMinutes(2)), "the OpenCV peer did not finish");
            Assert.True(peer.ExitCode == 0, peer.StandardError);
        }
        string[] lines = File.ReadAllLines(result);
        Assert.Equal(cases.Count, lines.Length);

        int mismatches = 0;
        long boxes = 0, keptTotal = 0;
        for (int c = 0; c < cases.Count; c++)
        {
            var (input, iou, agnostic) = cases[c];
            Detection[] ours = (Detection[])input.Clone();
            int kept = Nms.Greedy(ours, iou, agnostic, int.MaxValue);
            boxes += ours.Length;
            keptTotal += kept;
            string expected = lines[c];
            string actual = string.Join(" ", NmsCases.Indices(ours.AsSpan(0, kept)));
            if (expected != actual)
            {
                mismatches++;
                output.WriteLine($"case {c} (n={input.Length}, iou={iou:R}, agnostic={agnostic}):\n  opencv [{expected}]\n  ours   [{actual}]");
            }
        }
        output.WriteLine($"{cases.Count} cases, {boxes} boxes, {keptTotal} kept, {mismatches} mismatches");
        Assert.Equal(0, mismatches);
    }

    private static void Write(string path, List<(Detection[] Input, float IoU, bool Agnostic)> cases)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write(cases.Count);
        foreach (var (input, iou, agnostic) in cases)
        {
            w.Write(input.Length);
            w.Write(iou);
            w.Write(agnostic ? 1 : 0);
            foreach (Detection d in input)
            {
                w.Write(d.Box.X1);
                w.Write(d.Box.Y1);
                w.Write(d.Box.X2);
                w.Write(d.Box.Y2);
            }
            foreach (Detection d in input)
            {
                w.Write(d.Score);
            }
            foreach (Detection d in input)
            {
                w.Write(d.ClassId);
            }
        }
    }
}
