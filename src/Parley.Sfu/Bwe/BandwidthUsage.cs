namespace Parley.Sfu.Bwe;

/// <summary>The delay-based detector's verdict on the path (GCC's "bandwidth usage" signal).</summary>
public enum BandwidthUsage
{
    /// <summary>Queuing delay is stable.</summary>
    Normal,

    /// <summary>Queuing delay grows: we send more than the path carries.</summary>
    Overusing,

    /// <summary>Queuing delay shrinks: a queue is draining.</summary>
    Underusing,
}
