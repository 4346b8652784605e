namespace Parley.Sfu;

public sealed record ProducerStats
{
    public required string ProducerId { get; init; }

    public bool Paused { get; init; }

    public required IReadOnlyList<ProducerStreamStats> Streams { get; init; }
}
