using BenchmarkDotNet.Configs;

namespace Onboard.Bench.Messaging;

/// <summary>Adds messages per second and CPU time per message to the publisher comparison.</summary>
public sealed class NetMqPublishBenchmarkConfig : ManualConfig
{
    public NetMqPublishBenchmarkConfig()
    {
        AddColumn(new MessagesPerSecondColumn(), new CpuPerMessageColumn());
    }
}
