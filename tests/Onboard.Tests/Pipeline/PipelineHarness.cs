using Onboard.Runtime.Frames;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Pipeline;

/// <summary>Camera pipelines (one, or several) and a publisher over a <see cref="RecordingSender"/> (or a real socket), started.</summary>
internal sealed class PipelineHarness : IDisposable
{
    private readonly List<CameraPipeline> _cameras = [];

    public PipelineHarness(CameraPipelineOptions options, IDetectionEngine engine, Func<IFrameSource> openSource,
        TimeProvider? time = null, IZmqSender? sender = null, Action<PipelinePublisher, CameraPipeline>? configure = null)
        : this([(options, engine, openSource)], time, sender, configure)
    {
    }

    /// <summary>The cameras on one publisher; <paramref name="configure"/> is called per camera before anything starts (to add triggers, say).</summary>
    public PipelineHarness(IReadOnlyList<(CameraPipelineOptions Options, IDetectionEngine Engine, Func<IFrameSource> OpenSource)> cameras,
        TimeProvider? time = null, IZmqSender? sender = null, Action<PipelinePublisher, CameraPipeline>? configure = null)
    {
        Clock = new MonotonicClock(time ?? TimeProvider.System);
        Sender = sender as RecordingSender ?? (sender is null ? new RecordingSender() : null);
        Publisher = new PipelinePublisher(sender ?? Sender!, Clock, TimeSpan.FromHours(1));
        foreach ((CameraPipelineOptions options, IDetectionEngine engine, Func<IFrameSource> openSource) in cameras)
        {
            var camera = new CameraPipeline(options, openSource, engine, Clock, Events, Publisher.Signal);
            _cameras.Add(camera);
            Publisher.Add(camera);
            configure?.Invoke(Publisher, camera);
        }
        Publisher.Start();
        foreach (CameraPipeline camera in _cameras)
        {
            camera.Start();
        }
    }

    public MonotonicClock Clock { get; }
    public RecordingSender? Sender { get; }
    public RecordingPipelineEvents Events { get; } = new();
    public PipelinePublisher Publisher { get; }
    public IReadOnlyList<CameraPipeline> Cameras => _cameras;
    public CameraPipeline Camera => _cameras[0];

    /// <summary>Graceful stop: the cameras drain, then the publisher.</summary>
    public void Stop()
    {
        foreach (CameraPipeline camera in _cameras)
        {
            camera.BeginStop();
        }
        foreach (CameraPipeline camera in _cameras)
        {
            Assert.True(camera.Join(TimeSpan.FromSeconds(30)), $"{camera.CameraId}: camera stages did not finish");
        }
        Publisher.BeginStop();
        Assert.True(Publisher.Join(TimeSpan.FromSeconds(30)), "publisher did not finish");
    }

    /// <summary>Next detections message, decoded; fails after 30 s.</summary>
    public DetectionList NextDetections()
    {
        while (true)
        {
            Assert.True(Sender!.Messages.TryTake(out var message, TimeSpan.FromSeconds(30)), "nothing published within 30 s");
            Assert.Equal(2, message.Count);
            if (System.Text.Encoding.UTF8.GetString(message[0]).StartsWith("detections/", StringComparison.Ordinal))
            {
                return DetectionList.Parser.ParseFrom(message[1]);
            }
        }
    }

    /// <summary>Sequences of every detections message still recorded, in order.</summary>
    public List<ulong> PublishedSequences()
    {
        var sequences = new List<ulong>();
        foreach (DetectionList list in PublishedDetections())
        {
            sequences.Add(list.Header.Sequence);
        }
        return sequences;
    }

    /// <summary>Every detections message still recorded, decoded, in order.</summary>
    public List<DetectionList> PublishedDetections()
    {
        var lists = new List<DetectionList>();
        while (Sender!.Messages.TryTake(out var message))
        {
            if (System.Text.Encoding.UTF8.GetString(message[0]).StartsWith("detections/", StringComparison.Ordinal))
            {
                lists.Add(DetectionList.Parser.ParseFrom(message[1]));
            }
        }
        return lists;
    }

    public void Dispose()
    {
        bool stopped = true;
        foreach (CameraPipeline camera in _cameras)
        {
            stopped &= camera.IsStopped;
        }
        if (!stopped)
        {
            Stop();
        }
        foreach (CameraPipeline camera in _cameras)
        {
            camera.Dispose();
        }
    }
}
