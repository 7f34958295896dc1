using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of a server that, once armed, breaks the next PATCH it sees: either cuts the
/// connection (RST) after N bytes of it, or stalls it after N bytes (forwards nothing more, in either direction,
/// until the client gives up). Each arming hits one PATCH; <see cref="Faults"/> counts the hits. Separately, it can
/// withhold the answers to POSTs (<see cref="HoldPostAnswers"/>): the server acts on the request, the client never hears.
/// </summary>
public sealed class TcpFaultProxy : IDisposable
{
    private static readonly byte[] s_patch = Encoding.ASCII.GetBytes("PATCH /");
    private static readonly byte[] s_post = Encoding.ASCII.GetBytes("POST /");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private (bool Cut, long AfterBytes)? _armed;
    private int _faults;
    private volatile bool _holdPosts;
    private int _heldAnswers;

    public TcpFaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Faults => Volatile.Read(ref _faults);

    /// <summary>POSTs whose answer the server began to send and the proxy withheld.</summary>
    public int HeldAnswers => Volatile.Read(ref _heldAnswers);

    public void CutNextPatchAfter(long bytes)
    {
        lock (_lock)
        {
            _armed = (true, bytes);
        }
    }

    public void StallNextPatchAfter(long bytes)
    {
        lock (_lock)
        {
            _armed = (false, bytes);
        }
    }

    /// <summary>
    /// From now on every POST reaches the server whole, and the server's answer (the upload's URL, for a creation) is
    /// withheld: the client waits for it until it gives up or dies, as if the link went silent after the server acted.
    /// </summary>
    public void HoldPostAnswers() => _holdPosts = true;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var stalled = new TaskCompletionSource();
                var held = new TaskCompletionSource();
                Task up = UpstreamAsync(client, server, stalled, held, connection.Token);
                Task down = PumpAsync(server.GetStream(), client.GetStream(), stalled.Task, held.Task, connection.Token);
                await Task.WhenAny(up, down);
                await connection.CancelAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The connection ended, as proxied connections do.
            }
        }
    }

    /// <summary>Client → server, watching for a PATCH request line to count its bytes from, and for a POST whose answer to hold.</summary>
    private async Task UpstreamAsync(TcpClient client, TcpClient server, TaskCompletionSource stalled, TaskCompletionSource held, CancellationToken token)
    {
        NetworkStream from = client.GetStream(), to = server.GetStream();
        byte[] buffer = new byte[16 * 1024];
        long patchBytes = -1;
        (bool Cut, long AfterBytes)? fault = null;
        while (true)
        {
            int n = await from.ReadAsync(buffer, token);
            if (n == 0)
            {
                return;
            }
            if (_holdPosts && buffer.AsSpan(0, n).IndexOf(s_post) >= 0)
            {
                held.TrySetResult();   // before the request goes on, so its answer cannot slip through first
            }
            int start = 0;
            if (fault is null && buffer.AsSpan(0, n).IndexOf(s_patch) is int at and >= 0)
            {
                lock (_lock)
                {
                    fault = _armed;
                    _armed = null;
                }
                patchBytes = 0;
                start = at;
            }
            if (fault is { } f && patchBytes >= 0)
            {
                long room = f.AfterBytes - patchBytes;
                if (room < n - start)
                {
                    await to.WriteAsync(buffer.AsMemory(0, start + (int)Math.Max(0, room)), token);
                    Interlocked.Increment(ref _faults);
                    if (f.Cut)
                    {
                        client.Client.LingerState = new LingerOption(true, 0);   // RST, as a dropped link looks
                        server.Client.LingerState = new LingerOption(true, 0);
                        return;
                    }
                    // Hold the line open and silent until the client gives up; then the server sees it close.
                    stalled.TrySetResult();
                    while (await from.ReadAsync(buffer, token) > 0)
                    {
                    }
                    return;
                }
                patchBytes += n - start;
            }
            await to.WriteAsync(buffer.AsMemory(0, n), token);
        }
    }

    /// <summary>Server → client: forwards until the connection is stalled or a POST's answer is to be held, then forwards nothing.</summary>
    private async Task PumpAsync(Stream from, Stream to, Task stalled, Task held, CancellationToken token)
    {
        byte[] buffer = new byte[16 * 1024];
        while (true)
        {
            int n = await from.ReadAsync(buffer, token);
            if (n == 0)
            {
                return;
            }
            if (held.IsCompleted)
            {
                Interlocked.Increment(ref _heldAnswers);
                await Task.Delay(Timeout.Infinite, token);
            }
            if (stalled.IsCompleted)
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            await to.WriteAsync(buffer.AsMemory(0, n), token);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
