using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Commands;

/// <summary><c>onboard batch</c>: many command lines in one process, each output between its markers.</summary>
public sealed class BatchCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Batch_LinesOfSeveralVerbs_EachPrintsWhatItsOwnRunPrintsAndAFailureDoesNotStopTheRest()
    {
        string boxes = _dir.File("boxes.json");
        File.WriteAllText(boxes, """{"boxes":[[0,0,10,10],[1,0,11,10],[50,50,60,60]],"scores":[0.9,0.8,0.3]}""");
        File.WriteAllBytes(_dir.File("frame.raw"), new byte[7 * 5 * 3]);
        string batch = _dir.File("batch.txt");
        File.WriteAllLines(batch,
        [
            "# a comment, then a blank line",
            "",
            $"nms --input {boxes} --iou 0.5",
            $"nms --input {_dir.File("missing.json")}",
            $"preprocess\t--input {_dir.File("frame.raw")} --format bgr24 --width 7 --height 5 --size 4x4 --output {_dir.File("t.bin")}",
        ]);

        var (code, output, error) = OnboardCli.Run("batch", batch);

        Assert.Equal(1, code);
        string alone = OnboardCli.Run("nms", "--input", boxes, "--iou", "0.5").Output;
        Assert.Equal(
            $"@@ begin 3\n{alone}\n@@ end 3 rc=0\n@@ begin 4\n@@ end 4 rc=2\n@@ begin 5\n" +
            "{\"scale\": 0.5714285714285714, \"pad_left\": 0, \"pad_top\": 0, \"resized_width\": 4, \"resized_height\": 3}\n@@ end 5 rc=0",
            output);
        Assert.Equal(4 * 4 * 3 * 4, new FileInfo(_dir.File("t.bin")).Length);
        Assert.Contains("1 of the lines of batch.txt failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_LineThatIsABatch_IsRefusedWithExitTwo()
    {
        string batch = _dir.File("nested.txt");
        File.WriteAllText(batch, $"batch {batch}\n");
        var (code, output, error) = OnboardCli.Run("batch", batch);
        Assert.Equal(1, code);
        Assert.Equal("@@ begin 1\n@@ end 1 rc=2", output);
        Assert.Contains("nested.txt line 1: a batch cannot run another batch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_MissingFile_ExitsTwoNamingIt()
    {
        var (code, _, error) = OnboardCli.Run("batch", _dir.File("none.txt"));
        Assert.Equal(2, code);
        Assert.Contains("none.txt", error, StringComparison.Ordinal);
    }
}
