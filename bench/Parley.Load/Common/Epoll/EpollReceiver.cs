using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Parley.Load.Common.Epoll;

/// <summary>
/// Reads many TCP connections on a few dedicated threads with <c>epoll_wait</c> + <c>recv(MSG_DONTWAIT)</c> (Linux).
/// Why: with async socket receives every read is a completion queued to the thread pool, ≈ 7 µs of the tool's CPU
/// per received WebSocket frame, and the tool shares the machine's cores with the server it measures. Here a read is
/// one system call on a thread that is already running; nothing is allocated per read. Level-triggered: a
/// connection with more bytes than one read took is reported again by the next wait.
/// Buffers: each thread owns one 64 KB read buffer; handlers get a span of it valid only during the call.
/// Writes are not this class's business (the connection's <see cref="Socket"/> writes as usual).
/// </summary>
public sealed unsafe class EpollReceiver : IDisposable
{
    private readonly Loop[] _loops;
    private int _next;

    /// <param name="threads">Receive threads, each with its own epoll set; connections are spread round-robin.</param>
    /// <param name="pause">After a wait that found work, sleep this long before the next one (0: none), so that bytes
    /// arriving meanwhile find no thread blocked in <c>epoll_wait</c> to wake: the wake-up is paid by the sender (on
    /// loopback, the server under test), and the next wait collects a larger batch. Adds up to the pause to latency.</param>
    public EpollReceiver(int threads, TimeSpan pause = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The epoll receiver needs Linux; use --receiver socket.");
        }
        _loops = new Loop[Math.Max(1, threads)];
        for (var i = 0; i < _loops.Length; i++)
        {
            _loops[i] = new Loop(i, pause);
        }
    }

    /// <summary>Starts reading <paramref name="socket"/> (connected; nobody else may read it) into <paramref name="handler"/>.</summary>
    public void Add(Socket socket, IReceiveHandler handler) =>
        _loops[(uint)Interlocked.Increment(ref _next) % (uint)_loops.Length].Add(socket, handler);

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }

    private sealed class Loop : IDisposable
    {
        private readonly int _epoll;
        private readonly Lock _gate = new();
        // Slot → connection; the slot number travels in the epoll event's data word.
        private readonly List<(Socket Socket, IReceiveHandler Handler)?> _connections = [];
        private readonly Thread _thread;
        private readonly TimeSpan _pause;
        private volatile bool _stopped;

        public Loop(int index, TimeSpan pause)
        {
            _pause = pause;
            _epoll = EpollNative.EpollCreate1(EpollNative.EpollCloexec);
            if (_epoll < 0)
            {
                throw new InvalidOperationException("epoll_create1 failed: errno " + Marshal.GetLastPInvokeError());
            }
            _thread = new Thread(Run) { IsBackground = true, Name = "epoll receive " + index };
            _thread.Start();
        }

        public void Add(Socket socket, IReceiveHandler handler)
        {
            int slot;
            lock (_gate)
            {
                slot = _connections.Count;
                _connections.Add((socket, handler));
            }
            var registration = new EpollNative.EpollEvent { Events = EpollNative.EpollIn | EpollNative.EpollRdHup, Data = (ulong)slot };
            if (EpollNative.EpollCtl(_epoll, EpollNative.EpollCtlAdd, (int)socket.Handle, &registration) != 0)
            {
                throw new InvalidOperationException("epoll_ctl failed: errno " + Marshal.GetLastPInvokeError());
            }
        }

        private void Run()
        {
            const int MaxEvents = 512;
            var events = stackalloc EpollNative.EpollEvent[MaxEvents];
            var buffer = new byte[64 * 1024];
            fixed (byte* read = buffer)
            {
                var busy = false;
                while (!_stopped)
                {
                    // While busy and pausing, only look (timeout 0); block once a look found nothing.
                    var ready = EpollNative.EpollWait(_epoll, events, MaxEvents, busy ? 0 : 200);
                    for (var i = 0; i < ready; i++)
                    {
                        (Socket Socket, IReceiveHandler Handler)? connection;
                        lock (_gate)
                        {
                            connection = _connections[(int)events[i].Data];
                        }
                        if (connection is { } c)
                        {
                            ReadOnce((int)events[i].Data, c.Socket, c.Handler, read, buffer.Length);
                        }
                    }
                    busy = ready > 0 && _pause > TimeSpan.Zero;
                    if (busy && ready < MaxEvents)
                    {
                        Thread.Sleep(_pause);
                    }
                }
            }
        }

        private void ReadOnce(int slot, Socket socket, IReceiveHandler handler, byte* buffer, int capacity)
        {
            nint n;
            try
            {
                n = EpollNative.Recv((int)socket.Handle, buffer, capacity, EpollNative.MsgDontWait);
            }
            catch (ObjectDisposedException)
            {
                n = 0; // the tool closed it
            }
            if (n > 0)
            {
                handler.OnReceived(new ReadOnlySpan<byte>(buffer, (int)n));
                return;
            }
            var errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (n < 0 && errno is EpollNative.EAgain or EpollNative.EIntr)
            {
                return;
            }
            Remove(slot, socket);
            handler.OnClosed(n == 0 ? null : new SocketException(errno));
        }

        private void Remove(int slot, Socket socket)
        {
            lock (_gate)
            {
                _connections[slot] = null;
            }
            try
            {
                EpollNative.EpollCtl(_epoll, EpollNative.EpollCtlDel, (int)socket.Handle, null);
            }
            catch (ObjectDisposedException)
            {
                // Closing the socket removed it from the set already.
            }
        }

        public void Dispose()
        {
            _stopped = true;
            _thread.Join(TimeSpan.FromSeconds(2));
            EpollNative.Close(_epoll);
        }
    }
}
