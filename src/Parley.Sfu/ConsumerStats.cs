namespace Parley.Sfu;

public sealed record ConsumerStats
{
    public required string ConsumerId { get; init; }

    public bool Paused { get; init; }

    public int? CurrentSpatialLayer { get; init; }

    public int? TargetSpatialLayer { get; init; }

    public long PacketsSent { get; init; }

    public long BytesSent { get; init; }

    public long RetransmissionsSent { get; init; }

    public long NacksReceived { get; init; }

    /// <summary>Lost sequence numbers asked for that were no longer (or never) available.</summary>
    public long NacksUnanswered { get; init; }

    public long PlisReceived { get; init; }

    public long FirsReceived { get; init; }

    /// <summary>Packets not forwarded because the subscriber was waiting for a key frame.</summary>
    public long DroppedWaitingForKeyFrame { get; init; }

    /// <summary>Fraction (0–1) the subscriber reported lost, when reported.</summary>
    public double? LossFraction { get; init; }

    public TimeSpan? RoundTripTime { get; init; }
}
