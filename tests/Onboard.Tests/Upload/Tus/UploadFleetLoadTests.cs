using System.Diagnostics;
using Onboard.Runtime.Upload;
using Onboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Onboard.Tests.Upload.Tus;

/// <summary>A fleet at once against one server: 20 vehicles, each its own spool and uploader, 200 clips in all.</summary>
public sealed class UploadFleetLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Upload_TwentyVehicles200Clips_NoneLostNoneDuplicated()
    {
        using CloudKeyFiles keys = CloudKeyFiles.Generate();
        using var server = new TusServerPeer();
        var vehicles = new List<UploadVehicle>();
        try
        {
            for (int v = 0; v < 20; v++)
            {
                var vehicle = new UploadVehicle(keys, server.Endpoint, vehicleId: $"vehicle-{v:00}");
                vehicle.Options = vehicle.Options with { ChunkKb = 256 };
                for (int c = 0; c < 10; c++)
                {
                    vehicle.AddClip($"clip-{c:000}", 150_000 + (c * 25_000) + v, priority: c % 3);   // same clip ids on every vehicle
                }
                vehicles.Add(vehicle);
            }
            long bytes = vehicles.Sum(v => v.Clips.Values.Sum(c => c.Entry.CiphertextBytes));
            var uploaders = vehicles.Select((v, i) => v.CreateUploader(seed: i)).ToList();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(300));

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(uploaders.Select(u => u.RunUntilEmptyAsync(stop.Token)));
            clock.Stop();

            output.WriteLine($"fleet: 20 vehicles, 200 clips, {bytes / 1e6:0.0} MB in {clock.Elapsed.TotalSeconds:0.00} s = " +
                $"{bytes / 1e6 / clock.Elapsed.TotalSeconds:0.0} MB/s, {200 / clock.Elapsed.TotalSeconds:0.0} clips/s; " +
                $"retries {vehicles.Sum(v => v.Spool.Counters.Retries)}");
            foreach (UploadVehicle vehicle in vehicles)
            {
                vehicle.AssertDelivered(server);   // exactly one complete, byte-identical upload per (vehicle, clip)
            }
            IReadOnlyList<StoredUpload> uploads = server.Uploads();
            Assert.Equal(200, uploads.Count);
            Assert.All(uploads, u => Assert.True(u.Complete));
            Assert.Equal(200, uploads.Select(u => (u.Metadata["vehicleId"], u.Metadata["clipId"])).Distinct().Count());
            Assert.Equal(200, server.Requests("POST"));
            foreach (Uploader u in uploaders)
            {
                u.Dispose();
            }
        }
        finally
        {
            foreach (UploadVehicle v in vehicles)
            {
                v.Dispose();
            }
        }
    }
}
