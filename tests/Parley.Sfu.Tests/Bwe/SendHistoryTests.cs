using Parley.Sfu.Bwe;

namespace Parley.Sfu.Tests.Bwe;

public sealed class SendHistoryTests
{
    [Fact]
    public void A_recorded_packet_is_found_by_its_transport_sequence_number()
    {
        var history = new SendHistory(16);
        history.Record(65535, 1200, 42);

        Assert.True(history.TryGet(65535, out var size, out var sentAt));
        Assert.Equal(1200, size);
        Assert.Equal(42, sentAt);
        Assert.False(history.TryGet(0, out _, out _));
        Assert.Equal(1, history.PacketsRecorded);
        Assert.Equal(1200, history.BytesRecorded);
    }

    [Fact]
    public void Old_entries_are_overwritten_and_then_unknown()
    {
        var history = new SendHistory(16);
        for (ushort sequence = 0; sequence < 20; sequence++)
        {
            history.Record(sequence, 100, sequence);
        }

        Assert.False(history.TryGet(3, out _, out _));
        Assert.True(history.TryGet(4, out _, out var sentAt));
        Assert.Equal(4, sentAt);
    }

    [Fact]
    public void The_capacity_must_be_a_power_of_two()
    {
        Assert.Throws<ArgumentException>(() => new SendHistory(1000));
    }

    [Fact]
    public void Recording_a_packet_allocates_nothing()
    {
        var history = new SendHistory();
        ushort sequence = 0;
        for (var i = 0; i < 10_000; i++)
        {
            history.Record(sequence++, 1200, i);
        }

        Assert.Equal(0, SteadyStateAllocations.Measure(100_000, i => history.Record(sequence++, 1200, i)));
    }
}
