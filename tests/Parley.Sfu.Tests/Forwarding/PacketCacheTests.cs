using Parley.Sfu.Forwarding;

namespace Parley.Sfu.Tests.Forwarding;

public sealed class PacketCacheTests
{
    [Fact]
    public void A_stored_packet_is_found_by_its_sequence_number()
    {
        var cache = new PacketCache(8, 100);
        Assert.True(cache.Store(65535, [1, 2, 3]));
        Assert.True(cache.TryGet(65535, out var packet));
        Assert.Equal([1, 2, 3], packet.ToArray());
        Assert.False(cache.TryGet(7, out _));
    }

    [Fact]
    public void A_newer_packet_overwrites_the_slot_across_the_16_bit_wrap()
    {
        var cache = new PacketCache(8, 100);
        cache.Store(65534, [1]);
        cache.Store(6, [2]); // 65534 + 8 wraps to 6: same slot

        Assert.False(cache.Contains(65534));
        Assert.True(cache.TryGet(6, out var packet));
        Assert.Equal([2], packet.ToArray());
    }

    [Fact]
    public void Packets_larger_than_a_slot_are_not_stored()
    {
        var cache = new PacketCache(8, 16);
        Assert.False(cache.Store(1, new byte[17]));
        Assert.False(cache.Contains(1));
    }

    [Fact]
    public void The_slot_count_must_be_a_power_of_two() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketCache(100, 1500));
}
