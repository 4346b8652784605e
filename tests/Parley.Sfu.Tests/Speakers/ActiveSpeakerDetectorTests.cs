using Microsoft.Extensions.Time.Testing;
using Parley.Sfu.Speakers;

namespace Parley.Sfu.Tests.Speakers;

public sealed class ActiveSpeakerDetectorTests
{
    private readonly FakeTimeProvider _time = new();

    private long Now => _time.GetTimestamp();

    private ActiveSpeakerDetector Create(params string[] producers)
    {
        var detector = new ActiveSpeakerDetector(_time);
        foreach (var producer in producers)
        {
            detector.AddProducer(producer);
        }

        return detector;
    }

    /// <summary>Feeds 20 ms packets for <paramref name="milliseconds"/>: each producer at its level (null = no packets).</summary>
    private void Speak(ActiveSpeakerDetector detector, int milliseconds, params (string Producer, int? Level, bool Voice)[] voices)
    {
        for (var elapsed = 0; elapsed < milliseconds; elapsed += 20)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            foreach (var (producer, level, voice) in voices)
            {
                if (level is { } value)
                {
                    detector.OnAudioLevel(producer, value, voice, Now);
                }
            }
        }
    }

    [Fact]
    public void The_loudest_three_above_the_threshold_are_reported_loudest_first()
    {
        var detector = Create("a", "b", "c", "d", "e");
        Speak(detector, 500, ("a", 40, true), ("b", 20, true), ("c", 30, true), ("d", 50, true), ("e", 90, true));

        Assert.True(detector.TryUpdate(Now, out var speakers));

        Assert.Equal(["b", "c", "a"], speakers.Select(s => s.ProducerId));
        Assert.Equal((int)Math.Round((127 - 20) * 100 / 127.0), speakers[0].Level); // 84
    }

    [Fact]
    public void Levels_map_from_minus_dbov_to_0_through_100()
    {
        var detector = Create("loud");
        Speak(detector, 500, ("loud", 0, true));

        Assert.True(detector.TryUpdate(Now, out var speakers));
        Assert.Equal(100, speakers[0].Level);
    }

    [Fact]
    public void Quiet_producers_and_packets_without_voice_do_not_count()
    {
        var detector = Create("quiet", "noise");
        Speak(detector, 500, ("quiet", 70, true), ("noise", 10, false));

        Assert.False(detector.TryUpdate(Now, out var speakers));
        Assert.Empty(speakers);
    }

    [Fact]
    public void A_single_loud_packet_is_not_speaking()
    {
        var detector = Create("a");
        Speak(detector, 500, ("a", 110, true));
        detector.OnAudioLevel("a", 0, true, Now);

        Assert.False(detector.TryUpdate(Now, out _)); // mean of the window is still quiet
    }

    [Fact]
    public void Levels_are_smoothed_over_the_window()
    {
        var detector = Create("a");
        Speak(detector, 260, ("a", 20, true));
        Speak(detector, 240, ("a", 60, true));

        Assert.True(detector.TryUpdate(Now, out var speakers));
        var meanDbov = ((13 * 20) + (12 * 60)) / 25.0;
        Assert.Equal((int)Math.Round((127 - meanDbov) * 100 / 127), speakers[0].Level);
    }

    [Fact]
    public void Voice_older_than_the_window_is_forgotten()
    {
        var detector = Create("a");
        Speak(detector, 500, ("a", 20, true));
        Assert.True(detector.TryUpdate(Now, out _));

        Speak(detector, 600, ("a", null, true)); // muted: no packets at all
        Assert.True(detector.TryUpdate(Now, out var speakers));

        Assert.Empty(speakers); // an empty list when everyone falls quiet
    }

    [Fact]
    public void Reports_come_at_most_every_300_ms()
    {
        var detector = Create("a", "b");
        Speak(detector, 500, ("a", 20, true), ("b", 40, true));
        Assert.True(detector.TryUpdate(Now, out _));

        Speak(detector, 500, ("a", 40, true), ("b", 20, true));
        Assert.True(detector.TryUpdate(Now, out var swapped));
        Assert.Equal(["b", "a"], swapped.Select(s => s.ProducerId));

        Speak(detector, 200, ("a", 10, true), ("b", 60, true)); // the order changes again within 300 ms
        Assert.False(detector.TryUpdate(Now, out _));
        Speak(detector, 100, ("a", 10, true), ("b", 60, true));
        Assert.True(detector.TryUpdate(Now, out var again));
        Assert.Equal("a", again[0].ProducerId);
    }

    [Fact]
    public void Small_level_changes_are_not_reported()
    {
        var detector = Create("a");
        Speak(detector, 500, ("a", 30, true));
        Assert.True(detector.TryUpdate(Now, out _));

        Speak(detector, 500, ("a", 35, true)); // 4 points of 100
        Assert.False(detector.TryUpdate(Now, out _));

        Speak(detector, 500, ("a", 50, true)); // 16 points
        Assert.True(detector.TryUpdate(Now, out _));
    }

    [Fact]
    public void A_removed_producer_leaves_the_speakers()
    {
        var detector = Create("a", "b");
        Speak(detector, 500, ("a", 20, true), ("b", 30, true));
        Assert.True(detector.TryUpdate(Now, out _));

        Assert.True(detector.RemoveProducer("a"));
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(detector.TryUpdate(Now, out var speakers));

        Assert.Equal(["b"], speakers.Select(s => s.ProducerId));
        detector.OnAudioLevel("a", 0, true, Now); // unknown now: ignored
    }

    [Fact]
    public void Adding_a_producer_twice_is_a_programming_error()
    {
        var detector = Create("a");

        Assert.Throws<ArgumentException>(() => detector.AddProducer("a"));
    }

    [Fact]
    public void Recording_a_level_allocates_nothing()
    {
        var detector = Create("a", "b");
        Speak(detector, 2000, ("a", 20, true), ("b", 40, false));

        Assert.Equal(0, SteadyStateAllocations.Measure(10_000, i =>
        {
            detector.OnAudioLevel("a", i % 128, true, i);
            detector.OnAudioLevel("b", 200, true, i);   // invalid level: ignored
            detector.OnAudioLevel("zz", 10, true, i);   // unknown producer: ignored
        }));
    }
}
