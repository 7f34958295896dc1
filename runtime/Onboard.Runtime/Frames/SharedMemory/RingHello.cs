namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>What a producer tells each consumer on connect: which ring (session) the descriptors refer to and its geometry.</summary>
internal readonly record struct RingHello(ulong SessionId, int SlotCount, long SlotCapacity, int ProducerPid);
