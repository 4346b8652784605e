using Parley.Sfu.Forwarding;

namespace Parley.Sfu.Tests.Forwarding;

public sealed class SequencerTests
{
    [Fact]
    public void An_output_sequence_number_maps_back_to_its_input()
    {
        var sequencer = new Sequencer(16);
        sequencer.Record(new SequencerEntry(65535, 2, 300, 9000, 12, 4));
        Assert.True(sequencer.TryGet(65535, out var entry));
        Assert.Equal(2, entry.Layer);
        Assert.Equal((ushort)300, entry.InputSequenceNumber);
        Assert.False(sequencer.TryGet(15, out _)); // same slot, other number
    }
}
