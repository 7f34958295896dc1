using Onboard.Runtime.Frames;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Pipeline;

/// <summary>One camera pipeline and a publisher over a <see cref="RecordingSender"/> (or a real socket), started.</summary>
internal sealed class PipelineHarness : IDisposable
{
    public PipelineHarness(CameraPipelineOptions options, IDetectionEngine engine, Func<IFrameSource> openSource,
        TimeProvider? time = null, IZmqSender? sender = null)
    {
        Clock = new MonotonicClock(time ?? TimeProvider.System);
        Sender = sender as RecordingSender ?? (sender is null ? new RecordingSender() : null);
        Publisher = new PipelinePublisher(sender ?? Sender!, Clock, TimeSpan.FromHours(1));
        Camera = new CameraPipeline(options, openSource, engine, Clock, Events, Publisher.Signal);
        Publisher.Add(Camera);
        Publisher.Start();
        Camera.Start();
    }

    public MonotonicClock Clock { get; }
    public RecordingSender? Sender { get; }
    public RecordingPipelineEvents Events { get; } = new();
    public PipelinePublisher Publisher { get; }
    public CameraPipeline Camera { get; }

    /// <summary>Graceful stop: the camera drains, then the publisher.</summary>
    public void Stop()
    {
        Camera.BeginStop();
        Assert.True(Camera.Join(TimeSpan.FromSeconds(30)), "camera stages did not finish");
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
        while (Sender!.Messages.TryTake(out var message))
        {
            if (System.Text.Encoding.UTF8.GetString(message[0]).StartsWith("detections/", StringComparison.Ordinal))
            {
                sequences.Add(DetectionList.Parser.ParseFrom(message[1]).Header.Sequence);
            }
        }
        return sequences;
    }

    public void Dispose()
    {
        if (!Camera.IsStopped)
        {
            Stop();
        }
        Camera.Dispose();
    }
}
