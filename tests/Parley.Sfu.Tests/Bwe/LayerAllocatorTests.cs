using Microsoft.Extensions.Time.Testing;
using Parley.Sfu.Bwe;

namespace Parley.Sfu.Tests.Bwe;

public sealed class LayerAllocatorTests
{
    // Three simulcast layers of 150 kbps, 500 kbps and 1.5 Mbps; audio 40 kbps.
    private static readonly long[] Bitrates = [40_000, 150_000, 500_000, 1_500_000, 150_000, 500_000, 1_500_000];

    private readonly FakeTimeProvider _time = new();

    private long Now => _time.GetTimestamp();

    private static LayerConsumer Audio(bool paused = false) => new(MediaKind.Audio, paused, 0, 0, 1);

    private static LayerConsumer Video(int first, int preferred = 2, bool paused = false) => new(MediaKind.Video, paused, preferred, first, 3);

    private static LayerAllocationState[] Initial(int count) => Enumerable.Repeat(LayerAllocationState.Initial, count).ToArray();

    [Fact]
    public void Audio_comes_first_even_when_nothing_else_fits()
    {
        var allocator = new LayerAllocator(_time);
        var states = Initial(2);

        var used = allocator.Allocate(100_000, [Audio(), Video(1)], Bitrates, states, Now);

        Assert.Equal(0, states[0].Layer);
        Assert.Equal(-1, states[1].Layer);
        Assert.Equal(40_000, used);
    }

    [Fact]
    public void Every_video_consumer_gets_its_lowest_layer_before_anyone_is_upgraded()
    {
        var allocator = new LayerAllocator(_time);
        var states = Initial(3);

        var used = allocator.Allocate(40_000 + 150_000 + 500_000, [Audio(), Video(1), Video(4)], Bitrates, states, Now);

        Assert.Equal([0, 1, 0], states.Select(s => s.Layer));
        Assert.Equal(40_000 + 500_000 + 150_000, used);
    }

    [Fact]
    public void Upgrades_go_round_robin_up_to_the_preference_while_they_fit()
    {
        var allocator = new LayerAllocator(_time);
        var states = Initial(2);

        var used = allocator.Allocate(10_000_000, [Video(1, preferred: 1), Video(4)], Bitrates, states, Now);

        Assert.Equal([1, 2], states.Select(s => s.Layer));
        Assert.Equal(500_000 + 1_500_000, used);
    }

    [Fact]
    public void The_allocation_never_exceeds_the_available_bitrate()
    {
        var allocator = new LayerAllocator(_time);
        for (var available = 0L; available < 4_000_000; available += 37_000)
        {
            var states = Initial(3);
            var used = allocator.Allocate(available, [Audio(), Video(1), Video(4)], Bitrates, states, Now);
            Assert.True(used <= Math.Max(available, 40_000), $"{used} > {available}");
        }
    }

    [Fact]
    public void Paused_consumers_get_nothing()
    {
        var allocator = new LayerAllocator(_time);
        var states = Initial(2);

        allocator.Allocate(10_000_000, [Audio(paused: true), Video(1, paused: true)], Bitrates, states, Now);

        Assert.Equal([-1, -1], states.Select(s => s.Layer));
    }

    [Fact]
    public void Inactive_layers_are_skipped()
    {
        var allocator = new LayerAllocator(_time);
        long[] bitrates = [0, 500_000, 0];
        var states = Initial(1);

        allocator.Allocate(10_000_000, [new LayerConsumer(MediaKind.Video, false, 2, 0, 3)], bitrates, states, Now);

        Assert.Equal(1, states[0].Layer);
    }

    [Fact]
    public void An_allocated_consumer_steps_up_one_layer_at_a_time_after_a_stable_period()
    {
        var allocator = new LayerAllocator(_time, stablePeriod: TimeSpan.FromSeconds(3));
        var states = Initial(1);
        allocator.Allocate(200_000, [Video(1)], Bitrates, states, Now);
        Assert.Equal(0, states[0].Layer);

        // Bandwidth appears: one step now (the layer was never stepped up), not two.
        allocator.Allocate(5_000_000, [Video(1)], Bitrates, states, Now);
        Assert.Equal(1, states[0].Layer);

        _time.Advance(TimeSpan.FromSeconds(1));
        allocator.Allocate(5_000_000, [Video(1)], Bitrates, states, Now);
        Assert.Equal(1, states[0].Layer); // not yet stable

        _time.Advance(TimeSpan.FromSeconds(2));
        allocator.Allocate(5_000_000, [Video(1)], Bitrates, states, Now);
        Assert.Equal(2, states[0].Layer);
    }

    [Fact]
    public void Going_down_is_immediate()
    {
        var allocator = new LayerAllocator(_time);
        var states = Initial(1);
        allocator.Allocate(5_000_000, [Video(1)], Bitrates, states, Now);
        Assert.Equal(2, states[0].Layer);

        allocator.Allocate(200_000, [Video(1)], Bitrates, states, Now);
        Assert.Equal(0, states[0].Layer);
    }

    [Fact]
    public void A_failed_step_up_doubles_the_wait_before_the_next_try()
    {
        var allocator = new LayerAllocator(_time, stablePeriod: TimeSpan.FromSeconds(3), maxBackoff: TimeSpan.FromSeconds(30));
        var states = Initial(1);
        allocator.Allocate(200_000, [Video(1)], Bitrates, states, Now);
        allocator.Allocate(700_000, [Video(1)], Bitrates, states, Now); // step up to 1
        Assert.Equal(1, states[0].Layer);

        _time.Advance(TimeSpan.FromSeconds(1));
        allocator.Allocate(200_000, [Video(1)], Bitrates, states, Now); // congestion: the probe failed
        Assert.Equal(0, states[0].Layer);

        _time.Advance(TimeSpan.FromSeconds(5));
        allocator.Allocate(700_000, [Video(1)], Bitrates, states, Now);
        Assert.Equal(0, states[0].Layer); // 6 s back-off, only 5 s passed

        _time.Advance(TimeSpan.FromSeconds(1));
        allocator.Allocate(700_000, [Video(1)], Bitrates, states, Now);
        Assert.Equal(1, states[0].Layer);
    }

    [Fact]
    public void A_new_consumer_takes_the_highest_layer_that_fits_at_once()
    {
        var allocator = new LayerAllocator(_time);
        var states = Initial(1);

        allocator.Allocate(700_000, [Video(1)], Bitrates, states, Now);

        Assert.Equal(1, states[0].Layer);
    }

    [Fact]
    public void Consumers_outside_the_bitrate_span_are_a_programming_error()
    {
        var allocator = new LayerAllocator(_time);
        var states = Initial(1);

        Assert.Throws<ArgumentException>(() => allocator.Allocate(1, [Video(5)], Bitrates, states, Now));
    }
}
