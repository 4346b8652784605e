using System.Buffers.Text;
using System.Diagnostics;
using Parley.Load.Common;

namespace Parley.Load.Group;

/// <summary>
/// What every member's receive loop reports into: each message's text starts with <c>t=&lt;Stopwatch ticks&gt;;</c> written
/// by the sender in this process, so a delivery of a message sent inside the measured window is counted and its
/// send→receive latency recorded. Lock-free (Interlocked counters, the recorder's own slots).
/// </summary>
public sealed class ChatReceiver(int latencyCapacity)
{
    private static readonly byte[] Marker = "t="u8.ToArray();
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _delivered;
    private long _outside;

    public LatencyRecorder Latency { get; } = new("send → receive", latencyCapacity);

    /// <summary>Deliveries of messages sent inside the window.</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Deliveries of messages sent before or after it (warm-up, drain).</summary>
    public long Outside => Volatile.Read(ref _outside);

    public void OpenWindow(long start) => Volatile.Write(ref _windowStart, start);

    public void CloseWindow(long end) => Volatile.Write(ref _windowEnd, end);

    /// <summary>Whether a message sent at <paramref name="sentTimestamp"/> counts (the window is open and it is inside).</summary>
    public bool InWindow(long sentTimestamp) => sentTimestamp >= Volatile.Read(ref _windowStart) && sentTimestamp < Volatile.Read(ref _windowEnd);

    public static string TextFor(long sentTimestamp, int sequence) => $"t={sentTimestamp};n={sequence}";

    /// <summary>A delivered message whose payload (a frame, an XMPP stanza) holds the sender's marker somewhere.</summary>
    public void OnMessage(ReadOnlySpan<byte> payload)
    {
        var at = payload.IndexOf(Marker);
        if (at < 0 || !Utf8Parser.TryParse(payload[(at + Marker.Length)..], out long sent, out _))
        {
            return;
        }

        if (sent >= Volatile.Read(ref _windowStart) && sent < Volatile.Read(ref _windowEnd))
        {
            Interlocked.Increment(ref _delivered);
            Latency.RecordSince(sent);
        }
        else
        {
            Interlocked.Increment(ref _outside);
        }
    }

    /// <summary>A run of complete stanzas (XMPP): every marker in it is one delivery.</summary>
    public void OnMessages(ReadOnlySpan<byte> payload)
    {
        while (payload.IndexOf(Marker) is var at and >= 0)
        {
            OnMessage(payload[at..]);
            payload = payload[(at + Marker.Length)..];
        }
    }

    public static long Now => Stopwatch.GetTimestamp();
}
