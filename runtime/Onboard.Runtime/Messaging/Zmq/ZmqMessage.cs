using System.Runtime.CompilerServices;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// One libzmq message frame (<c>zmq_msg_t</c>) on the caller's stack: the NetMQ <c>Msg</c> idea without
/// managed buffers. Receiving exposes libzmq's own buffer as <see cref="Data"/> (no copy); sending via
/// <see cref="Rebuild(int)"/> lets a serialiser write straight into the buffer libzmq will transmit (no copy,
/// no managed allocation). Pass it by <c>ref</c>; never copy it (a copied <c>zmq_msg_t</c> would be closed
/// twice). Dispose it when done: disposing an empty or sent message is harmless.
/// </summary>
public unsafe ref struct ZmqMessage
{
    // A ref struct never lives on the managed heap, so the GC never moves _native and its address may be
    // handed to libzmq without pinning. libzmq keeps messages of up to 33 bytes inside zmq_msg_t itself,
    // so Data may point into this struct: another reason it must stay where it is.
#pragma warning disable CS0649 // written by libzmq through its address, never by C#
    private LibZmq.Message _native;
#pragma warning restore CS0649
    private bool _initialised;

    /// <summary>The frame's bytes: libzmq's buffer, valid until the message is rebuilt, sent, received into or disposed.</summary>
    public readonly Span<byte> Data
    {
        get
        {
            if (!_initialised)
            {
                return default;
            }
            LibZmq.Message* p = NativeReadOnly;
            return new Span<byte>(LibZmq.MessageData(p), (int)LibZmq.MessageSize(p));
        }
    }

    public readonly int Size => _initialised ? (int)LibZmq.MessageSize(NativeReadOnly) : 0;

    /// <summary>After a receive: another frame of the same multipart message follows.</summary>
    public readonly bool More => _initialised && LibZmq.MessageMore(NativeReadOnly) != 0;

    /// <summary>Makes this a frame of <paramref name="size"/> uninitialised bytes to fill through <see cref="Data"/>.</summary>
    public void Rebuild(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Close();
        if (LibZmq.MessageInitSize(Native, (nuint)size) != 0)
        {
            throw new ZmqException("zmq_msg_init_size", LibZmq.Errno());
        }
        _initialised = true;
    }

    /// <summary>Makes this a frame holding a copy of <paramref name="bytes"/>.</summary>
    public void Rebuild(ReadOnlySpan<byte> bytes)
    {
        Rebuild(bytes.Length);
        bytes.CopyTo(Data);
    }

    public void Dispose() => Close();

    /// <summary>An initialised, empty message ready to be received into.</summary>
    internal LibZmq.Message* PrepareForReceive()
    {
        if (!_initialised)
        {
            LibZmq.MessageInit(Native);
            _initialised = true;
        }
        return Native;
    }

    /// <summary>The message to send; an uninitialised one is sent as an empty frame.</summary>
    internal LibZmq.Message* PrepareForSend() => PrepareForReceive();

    private LibZmq.Message* Native => (LibZmq.Message*)Unsafe.AsPointer(ref _native);

    private readonly LibZmq.Message* NativeReadOnly => (LibZmq.Message*)Unsafe.AsPointer(ref Unsafe.AsRef(in _native));

    private void Close()
    {
        if (_initialised)
        {
            // After a successful send libzmq leaves an empty message behind; closing it is a no-op.
            LibZmq.MessageClose(Native);
            _initialised = false;
        }
    }
}
