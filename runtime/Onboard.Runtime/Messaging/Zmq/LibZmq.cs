using System.Runtime.InteropServices;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// The libzmq C API (4.3, Debian's libzmq5) as source-generated P/Invokes. Only what the runtime uses;
/// each wrapper in <see cref="ZmqSocket"/> turns a -1 return into a <see cref="ZmqException"/>.
/// </summary>
internal static unsafe partial class LibZmq
{
    private const string Library = "libzmq.so.5";

    public const int EAGAIN = 11;
    public const int EINTR = 4;
    /// <summary>libzmq's own errno base (ZMQ_HAUSNUMERO = 156384712); ETERM is base + 53.</summary>
    public const int ETERM = 156384712 + 53;

    public const int ZMQ_DONTWAIT = 1;
    public const int ZMQ_SNDMORE = 2;

    public const int ZMQ_SUBSCRIBE = 6;
    public const int ZMQ_UNSUBSCRIBE = 7;
    public const int ZMQ_RCVMORE = 13;
    public const int ZMQ_LINGER = 17;
    public const int ZMQ_SNDHWM = 23;
    public const int ZMQ_RCVHWM = 24;
    public const int ZMQ_RCVTIMEO = 27;
    public const int ZMQ_SNDTIMEO = 28;
    public const int ZMQ_LAST_ENDPOINT = 32;

    /// <summary>zmq_msg_t is an opaque 64-byte, 8-aligned block in libzmq 4.x.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct Message
    {
        private readonly long _first;
    }

    [LibraryImport(Library, EntryPoint = "zmq_version")]
    public static partial void Version(out int major, out int minor, out int patch);

    [LibraryImport(Library, EntryPoint = "zmq_errno")]
    public static partial int Errno();

    [LibraryImport(Library, EntryPoint = "zmq_strerror")]
    public static partial byte* StrError(int errnum);

    [LibraryImport(Library, EntryPoint = "zmq_ctx_new")]
    public static partial nint ContextNew();

    [LibraryImport(Library, EntryPoint = "zmq_ctx_term")]
    public static partial int ContextTerm(nint context);

    [LibraryImport(Library, EntryPoint = "zmq_socket")]
    public static partial nint Socket(nint context, int type);

    [LibraryImport(Library, EntryPoint = "zmq_close")]
    public static partial int Close(nint socket);

    [LibraryImport(Library, EntryPoint = "zmq_setsockopt")]
    public static partial int SetSockOpt(nint socket, int option, void* value, nuint length);

    [LibraryImport(Library, EntryPoint = "zmq_getsockopt")]
    public static partial int GetSockOpt(nint socket, int option, void* value, ref nuint length);

    [LibraryImport(Library, EntryPoint = "zmq_bind", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Bind(nint socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_connect", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Connect(nint socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_send")]
    public static partial int Send(nint socket, void* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_init")]
    public static partial int MessageInit(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_recv")]
    public static partial int MessageReceive(Message* message, nint socket, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_data")]
    public static partial void* MessageData(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_size")]
    public static partial nuint MessageSize(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_more")]
    public static partial int MessageMore(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_close")]
    public static partial int MessageClose(Message* message);
}
