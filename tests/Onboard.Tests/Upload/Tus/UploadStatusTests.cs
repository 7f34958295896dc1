using Onboard.Runtime.Upload;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Tus;

/// <summary>
/// The live status (what Health's <c>upload</c> carries) is one consistent view: every clip is queued or uploaded, never
/// both or neither, and a clip being uploaded is a queued one (none shown uploaded and still uploading).
/// </summary>
public sealed class UploadStatusTests : IDisposable
{
    private readonly CloudKeyFiles _keys = CloudKeyFiles.Generate();
    private readonly TusServerPeer _server = new();

    [Fact]
    public async Task Status_ReadWhileClipsComplete_IsOneConsistentView()
    {
        using var vehicle = new UploadVehicle(_keys, _server.Endpoint);
        for (int i = 0; i < 40; i++)
        {
            vehicle.AddClip($"clip-{i:00}", 2_000);
        }
        using Uploader uploader = vehicle.CreateUploader();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Task run = uploader.RunUntilEmptyAsync(stop.Token);

        // Sampled as fast as it goes while 40 completions happen, each one a moment where a torn read would show.
        var inconsistent = new List<UploadStatus>();
        int samples = 0;
        while (!run.IsCompleted)
        {
            UploadStatus s = uploader.Status();
            samples++;
            if (s.QueuedClips + s.UploadedClips != 40 || s.InFlightClips > s.QueuedClips)
            {
                inconsistent.Add(s);
            }
            await Task.Yield();
        }
        await run;

        vehicle.AssertDelivered(_server);
        Assert.True(samples > 1, $"only {samples} statuses read during the uploads");
        Assert.True(inconsistent.Count == 0,
            $"{inconsistent.Count} of {samples} statuses were torn (queued + uploaded != 40, or more uploading than queued), e.g. {inconsistent.FirstOrDefault()?.Format()}");
        Assert.Equal(0, uploader.Status().InFlightClips);
    }

    public void Dispose()
    {
        _server.Dispose();
        _keys.Dispose();
    }
}
