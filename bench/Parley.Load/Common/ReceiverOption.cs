using System.CommandLine;
using Parley.Load.Common.Epoll;

namespace Parley.Load.Common;

/// <summary>
/// <c>--receiver epoll|socket</c>: how the tool reads its members' WebSockets. <c>epoll</c> (the default on Linux, ws://
/// only) reads every socket on one dedicated thread (<see cref="EpollReceiver"/>), ≈ 1 µs of tool CPU per frame plus
/// the kernel's read; <c>socket</c> gives each member a <c>ClientWebSocket</c> and an async receive loop (a thread-pool
/// completion per frame), as the tool did before 2026-12-05.
/// </summary>
public static class ReceiverOption
{
    public static Option<string> Create() => new("--receiver")
    {
        Description = "How members' sockets are read: epoll (one thread for all, Linux, ws:// only) or socket (ClientWebSocket per member)",
        DefaultValueFactory = _ => OperatingSystem.IsLinux() ? "epoll" : "socket",
    };

    /// <summary>The receiver to use, or null for ClientWebSockets; throws on a value it does not know.</summary>
    public static EpollReceiver? Open(string choice) => choice switch
    {
        "epoll" => new EpollReceiver(threads: 1), // a second thread measured no better (2026-12-04)
        "socket" => null,
        _ => throw new ArgumentException("--receiver: epoll or socket, not " + choice),
    };
}
