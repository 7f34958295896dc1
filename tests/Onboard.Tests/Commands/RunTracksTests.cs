using System.Net.Sockets;
using System.Text.Json;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.PipeIngest;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Commands;

/// <summary>
/// <c>onboard run</c> tracks what it detects: a panning camera (one generated scene shifted a little more each
/// frame) fed over the pipe source, the tracks read by pyzmq on <c>tracks/front</c>.
/// </summary>
public sealed class RunTracksTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private const int Width = 1280;
    private const int Height = 720;
    private const int PanPixelsPerFrame = 3;
    private const double Fps = 15;

    [Fact]
    public void Run_PanningScene_PublishesTrackListsWithIdsStableAcrossFramesAndTheirVelocity()
    {
        using var dir = new TempDirectory();
        string socket = dir.File("front.sock");
        string config = dir.File("run.json");
        File.WriteAllText(config, $$"""
        {
          "publish": { "endpoint": "tcp://127.0.0.1:*" },
          "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1 } },
          "cameras": [ { "id": "front", "model": "signs", "deadlineMs": 5000, "source": { "kind": "pipe", "path": "{{socket}}" } } ]
        }
        """);
        Scene scene = PannableScene();
        using PeerProcess run = OnboardCli.Start("run", "--config", config, "--seconds", "30");
        string? running = run.ReadLine(s_wait);
        Assert.True(running?.StartsWith("running ", StringComparison.Ordinal) == true, $"'{running}' {run.StandardError}");
        string endpoint = running!.Split(' ').Single(p => p.StartsWith("endpoint=", StringComparison.Ordinal))["endpoint=".Length..];
        const int wanted = 30;
        using var peer = new PythonSubscriber(endpoint, "tracks/front", wanted);

        using var client = Connect(socket);
        using var stream = new NetworkStream(client, ownsSocket: false);
        var writer = new PipeFrameWriter(stream);
        var pixels = new byte[Width * Height * 3];
        var received = new List<JsonElement>();
        // Stamped like a camera's clock, exactly 1/Fps apart: the tracker's velocity is over capture time, so the
        // expected pan rate is PanPixelsPerFrame * Fps however slowly a loaded machine lets the frames through. The
        // writes are paced at least 1/Fps apart, so no stamp is ever ahead of the real clock.
        long firstMonoNs = MonotonicClock.System.NowNs;
        long firstUtcNs = MonotonicClock.System.UtcNowNs;
        long intervalNs = (long)(1e9 / Fps);
        for (int k = 0; k < 120 && received.Count < wanted; k++)
        {
            Shift(scene, k * PanPixelsPerFrame, pixels);
            long offsetNs = k * intervalNs;
            writer.Write(new FrameDescriptor(1, (ulong)k, 0, PixelFormat.Bgr24, Width, Height, Width * 3, firstMonoNs + offsetNs, firstUtcNs + offsetNs), pixels);
            // Paced like a camera, reading what has arrived meanwhile.
            while (peer.ReadLine(TimeSpan.FromSeconds(1 / Fps)) is { } line)
            {
                received.Add(JsonDocument.Parse(line).RootElement.GetProperty("message").Clone());
            }
        }
        Assert.True(received.Count >= 20, $"{received.Count} TrackLists: {peer.StandardError} {run.StandardError}");

        // Every sign in view is tracked, each under one id from its confirmation on: the set of ids stops changing.
        List<HashSet<ulong>> ids = [.. received.Select(m => Tracks(m).Select(t => Id(t)).ToHashSet())];
        int signs = scene.Truths.Count;
        HashSet<ulong> settled = ids[^1];
        Assert.Equal(signs, settled.Count);
        Assert.All(ids.Skip(ids.Count / 2), frame => Assert.Equal(settled, frame));
        Assert.All(received, m => Assert.Equal("front", m.GetProperty("header").GetProperty("camera_id").GetString()));
        // The camera pans left to right: each track moves right at the pan rate, and predicts its path at the default horizons.
        const double panPerSecond = PanPixelsPerFrame * Fps;
        foreach (JsonElement track in Tracks(received[^1]))
        {
            Assert.Equal("TRACK_STATE_CONFIRMED", track.GetProperty("state").GetString());
            double vx = track.TryGetProperty("vx", out JsonElement v) ? v.GetDouble() : 0;
            Assert.InRange(vx, 0.85 * panPerSecond, 1.15 * panPerSecond);
            Assert.Equal(4, track.GetProperty("trajectory").GetArrayLength());
        }
    }

    /// <summary>A scene whose signs all stay inside the image for the whole pan.</summary>
    private static Scene PannableScene()
    {
        var generator = new SceneGenerator(new SceneOptions { Width = Width, Height = Height, Seed = 7 });
        for (int index = 0; ; index++)
        {
            Scene scene = generator.Generate(index);
            if (scene.Truths.All(t => t.Box.X2 + 120 * PanPixelsPerFrame < Width - 8))
            {
                return scene;
            }
        }
    }

    /// <summary>The scene moved <paramref name="dx"/> pixels right, the uncovered band a flat grey (nothing to detect).</summary>
    private static void Shift(Scene scene, int dx, byte[] pixels)
    {
        int stride = Width * 3;
        for (int y = 0; y < Height; y++)
        {
            Span<byte> row = pixels.AsSpan(y * stride, stride);
            row[..(dx * 3)].Fill(114);
            scene.Pixels.AsSpan(y * stride, stride - dx * 3).CopyTo(row[(dx * 3)..]);
        }
    }

    private static Socket Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        DateTime until = DateTime.UtcNow + s_wait;
        while (true)
        {
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                return socket;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(50);   // the camera's ingest thread has not opened its listening socket yet
            }
        }
    }

    private static JsonElement[] Tracks(JsonElement message) =>
        message.TryGetProperty("tracks", out JsonElement tracks) ? [.. tracks.EnumerateArray()] : [];

    private static ulong Id(JsonElement track) => ulong.Parse(track.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
