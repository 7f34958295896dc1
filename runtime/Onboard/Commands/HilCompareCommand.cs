using System.CommandLine;
using Onboard.Hil.Replay;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard hil compare ref.mcap new.mcap [--box-tol PX] [--score-tol S] [--show N]</c>: exit 0 when the new
/// recording's outputs equal the reference's within tolerance; exit 1 listing the first differences and a summary
/// per topic; exit 2 when either file cannot be read (naming where it stops).
/// </summary>
internal static class HilCompareCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("reference") { Description = "The reference recording" };
        var candidate = new Argument<string>("new") { Description = "The recording to check" };
        var box = new Option<double>("--box-tol") { Description = "Pixels a box corner may move (default 0: exact)" };
        var score = new Option<double>("--score-tol") { Description = "How far a score may move (default 0: exact)" };
        var show = new Option<int>("--show") { Description = "Differences to list", DefaultValueFactory = _ => 20 };
        var command = new Command("compare", "Compare a recording's outputs with a reference's, frame by frame") { reference, candidate, box, score, show };
        command.SetAction(parse => Run(parse.GetValue(reference)!, parse.GetValue(candidate)!, parse.GetValue(box), parse.GetValue(score), parse.GetValue(show)));
        return command;
    }

    private static int Run(string referenceFile, string candidateFile, double boxTol, double scoreTol, int show)
    {
        ComparisonResult result;
        try
        {
            result = RecordingComparer.Compare(RecordingFile.Read(referenceFile, images: false), RecordingFile.Read(candidateFile, images: false),
                new CompareTolerance(boxTol, scoreTol));
        }
        catch (RecordingException e)
        {
            Console.Error.WriteLine($"hil compare: {e.Message}");
            return 2;
        }
        foreach (string warning in result.LineageWarnings)
        {
            Console.Error.WriteLine($"hil compare: warning: {warning} (compared anyway)");
        }
        foreach (RecordingDifference d in result.Differences.Take(show))
        {
            Console.WriteLine(d);
        }
        if (result.Differences.Count > show)
        {
            Console.WriteLine($"… and {result.Differences.Count - show} more");
        }
        foreach ((string topic, TopicComparison t) in result.Topics)
        {
            Console.WriteLine($"topic {topic} compared={t.Compared} missing={t.Missing} extra={t.Extra} differing={t.Differing}");
        }
        Console.WriteLine(result.Equal
            ? $"equal within box-tol={boxTol} score-tol={scoreTol}"
            : $"differ: {result.Differences.Count} differences (box-tol={boxTol} score-tol={scoreTol})");
        return result.Equal ? 0 : 1;
    }
}
