using System.Runtime.InteropServices;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// The libzmq C API (4.3, Debian's libzmq5) as source-generated P/Invokes. Only what the runtime uses;
/// each wrapper in <see cref="ZmqSocket"/> turns a -1 return into a <see cref="ZmqException"/>.
/// Constants are zmq.h's values (checked against pyzmq's, which are generated from the same header).
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

    public const short ZMQ_POLLIN = 1;
    public const short ZMQ_POLLOUT = 2;
    public const short ZMQ_POLLERR = 4;

    public const int ZMQ_IO_THREADS = 1;

    public const int ZMQ_ROUTING_ID = 5;
    public const int ZMQ_SUBSCRIBE = 6;
    public const int ZMQ_UNSUBSCRIBE = 7;
    public const int ZMQ_RCVMORE = 13;
    public const int ZMQ_EVENTS = 15;
    public const int ZMQ_LINGER = 17;
    public const int ZMQ_RECONNECT_IVL = 18;
    public const int ZMQ_SNDHWM = 23;
    public const int ZMQ_RCVHWM = 24;
    public const int ZMQ_RCVTIMEO = 27;
    public const int ZMQ_SNDTIMEO = 28;
    public const int ZMQ_LAST_ENDPOINT = 32;
    public const int ZMQ_IMMEDIATE = 39;
    public const int ZMQ_MECHANISM = 43;
    public const int ZMQ_CURVE_SERVER = 47;
    public const int ZMQ_CURVE_PUBLICKEY = 48;
    public const int ZMQ_CURVE_SECRETKEY = 49;
    public const int ZMQ_CURVE_SERVERKEY = 50;
    public const int ZMQ_CONFLATE = 54;
    public const int ZMQ_ZAP_DOMAIN = 55;
    public const int ZMQ_HANDSHAKE_IVL = 66;

    /// <summary>zmq_pollitem_t on LP64: socket pointer, fd (int), events, revents — 16 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollItem
    {
        public nint Socket;
        public int FileDescriptor;
        public short Events;
        public short ReturnedEvents;
    }

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
    public static partial ZmqContextHandle ContextNew();

    [LibraryImport(Library, EntryPoint = "zmq_ctx_term")]
    public static partial int ContextTerm(nint context);

    [LibraryImport(Library, EntryPoint = "zmq_socket")]
    public static partial ZmqSocketHandle Socket(ZmqContextHandle context, int type);

    [LibraryImport(Library, EntryPoint = "zmq_close")]
    public static partial int Close(nint socket);

    [LibraryImport(Library, EntryPoint = "zmq_setsockopt")]
    public static partial int SetSockOpt(ZmqSocketHandle socket, int option, void* value, nuint length);

    [LibraryImport(Library, EntryPoint = "zmq_getsockopt")]
    public static partial int GetSockOpt(ZmqSocketHandle socket, int option, void* value, ref nuint length);

    [LibraryImport(Library, EntryPoint = "zmq_bind", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Bind(ZmqSocketHandle socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_connect", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Connect(ZmqSocketHandle socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_send")]
    public static partial int Send(ZmqSocketHandle socket, void* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_ctx_set")]
    public static partial int ContextSet(ZmqContextHandle context, int option, int value);

    [LibraryImport(Library, EntryPoint = "zmq_ctx_shutdown")]
    public static partial int ContextShutdown(ZmqContextHandle context);

    [LibraryImport(Library, EntryPoint = "zmq_msg_init")]
    public static partial int MessageInit(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_init_size")]
    public static partial int MessageInitSize(Message* message, nuint size);

    [LibraryImport(Library, EntryPoint = "zmq_msg_send")]
    public static partial int MessageSend(Message* message, ZmqSocketHandle socket, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_recv")]
    public static partial int MessageReceive(Message* message, ZmqSocketHandle socket, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_data")]
    public static partial void* MessageData(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_size")]
    public static partial nuint MessageSize(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_more")]
    public static partial int MessageMore(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_close")]
    public static partial int MessageClose(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_poll")]
    public static partial int Poll(PollItem* items, int count, CLong timeoutMs);

    [LibraryImport(Library, EntryPoint = "zmq_socket_monitor", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SocketMonitor(ZmqSocketHandle socket, string? endpoint, int events);

    [LibraryImport(Library, EntryPoint = "zmq_has", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Has(string capability);

    /// <summary>Writes two 41-byte NUL-terminated Z85 strings; fails with ENOTSUP without libsodium.</summary>
    [LibraryImport(Library, EntryPoint = "zmq_curve_keypair")]
    public static partial int CurveKeypair(byte* z85Public, byte* z85Secret);

    [LibraryImport(Library, EntryPoint = "zmq_curve_public")]
    public static partial int CurvePublic(byte* z85Public, byte* z85Secret);

    /// <summary>Decodes a NUL-terminated Z85 string; returns <paramref name="destination"/>, or null when invalid.</summary>
    [LibraryImport(Library, EntryPoint = "zmq_z85_decode")]
    public static partial byte* Z85Decode(byte* destination, byte* z85);

    [LibraryImport(Library, EntryPoint = "zmq_z85_encode")]
    public static partial byte* Z85Encode(byte* destination, byte* data, nuint size);
}
