using System.CommandLine;
using System.Globalization;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard batch FILE</c> (maintenance): runs each line of FILE as an onboard command line, one after another
/// in this one process, and marks where each line's output begins and ends. It exists for many small runs where
/// starting the process is the cost: the arm64 build under QEMU spends seconds per start in its emulated JIT and
/// ONNX Runtime's start-up, so the arm64 parity suite runs hundreds of preprocess/decode/nms/detect cases in one.
/// A line runs exactly as <c>onboard LINE</c> would, so its output is that of a separate run.
/// <para>
/// Lines hold arguments separated by spaces or tabs (no quoting: keep paths free of spaces); blank lines and
/// lines starting with <c>#</c> are skipped. For line N (1-based) stdout gets <c>@@ begin N</c>, the command's
/// own output, then <c>@@ end N rc=R</c>. A failing line does not stop the batch; the batch exits 1 when any
/// line failed, 2 when FILE cannot be read.
/// </para>
/// </summary>
internal static class BatchCommand
{
    public const string BeginMarker = "@@ begin ";
    public const string EndMarker = "@@ end ";

    /// <param name="run">Runs one command line of the root command and returns its exit code.</param>
    public static Command Create(Func<string[], int> run)
    {
        var file = new Argument<FileInfo>("file") { Description = "One onboard command line per line" };
        var command = new Command("batch", "Maintenance: run many onboard command lines (one per line of FILE) in one process") { file };
        command.SetAction(parse =>
        {
            FileInfo path = parse.GetValue(file)!;
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path.FullName);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"batch: {e.Message}");
                return 2;
            }
            int failed = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                string[] args = lines[i].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (args.Length == 0 || args[0].StartsWith('#'))
                {
                    continue;
                }
                string number = (i + 1).ToString(CultureInfo.InvariantCulture);
                Console.Out.WriteLine(BeginMarker + number);
                int rc = RunLine(run, args, path.Name, number);
                // Some verbs write straight to the stdout stream; Console.Out autoflushes, so the markers stay in order.
                Console.Out.WriteLine(EndMarker + number + " rc=" + rc.ToString(CultureInfo.InvariantCulture));
                failed += rc == 0 ? 0 : 1;
            }
            if (failed > 0)
            {
                Console.Error.WriteLine($"batch: {failed} of the lines of {path.Name} failed");
            }
            return failed > 0 ? 1 : 0;
        });
        return command;
    }

    private static int RunLine(Func<string[], int> run, string[] args, string file, string number)
    {
        if (args[0] == "batch")
        {
            Console.Error.WriteLine($"batch: {file} line {number}: a batch cannot run another batch");
            return 2;
        }
        return run(args);
    }
}
