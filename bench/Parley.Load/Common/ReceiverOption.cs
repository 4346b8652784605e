using System.CommandLine;
using Parley.Load.Common.Epoll;

namespace Parley.Load.Common;

/// <summary>
/// <c>--receiver epoll|socket</c> and <c>--receive-threads N</c>: how the tool reads its members' WebSockets.
/// <c>epoll</c> (the default on Linux; ws:// only, a wss:// node still gets a <c>ClientWebSocket</c>) reads every socket
/// on N dedicated threads (<see cref="EpollReceiver"/>, default 1): no thread-pool work per received frame, 2.2–3.4 µs
/// of tool CPU per delivery in all (docs/benchmarks.md, 2026-12-05). <c>socket</c> gives each member a
/// <c>ClientWebSocket</c> and an async receive loop (a thread-pool completion per frame, 4.6–6.8 µs), as the tool did
/// before 2026-12-05: for comparison.
/// </summary>
public static class ReceiverOption
{
    public static Option<string> Create() => new("--receiver")
    {
        Description = "How members' sockets are read: epoll (dedicated epoll_wait thread(s) for all sockets, hand-made WebSocket; " +
            "Linux, ws:// only; the default on Linux) or socket (a ClientWebSocket and async receive loop per member, the old path)",
        DefaultValueFactory = _ => OperatingSystem.IsLinux() ? "epoll" : "socket",
    };

    public static Option<int> CreateThreads() => new("--receive-threads")
    {
        Description = "With --receiver epoll: receive threads (each its own epoll set; members spread round-robin). " +
            "Default 1: two measured no better on a 2-core machine shared with the server",
        DefaultValueFactory = _ => 1,
    };

    public static Option<int> CreatePause() => new("--receive-pause-ms")
    {
        Description = "With --receiver epoll: sleep this long after a wait that found work (0: none). Fewer wake-ups for " +
            "the server to pay and larger batches per wait; adds up to the pause to measured latency",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>The receiver to use, or null for ClientWebSockets; throws on a value it does not know.</summary>
    public static EpollReceiver? Open(string choice, int threads, int pauseMs = 0) => choice switch
    {
        "epoll" => new EpollReceiver(Math.Max(1, threads), TimeSpan.FromMilliseconds(Math.Max(0, pauseMs))),
        "socket" => null,
        _ => throw new ArgumentException("--receiver: epoll or socket, not " + choice),
    };
}
