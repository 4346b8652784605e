using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parley.Server.Hosting;

namespace Parley.Server.Tests.Hosting;

/// <summary>
/// When the server gives memory back (<see cref="IdleMemoryTrim"/>): once, after a burst has gone quiet; never under a
/// steady load, and never while the node forwards media.
/// </summary>
public sealed class IdleMemoryTrimTests
{
    private const long Mb = 1L << 20;
    private long _allocated;
    private bool _media;
    private int _collections;

    private IdleMemoryTrim Trim() => new(Options.Create(new ParleyOptions()), TimeProvider.System, NullLogger.Instance,
        () => _allocated, () => _media, () => _collections++);

    private void Run(IdleMemoryTrim trim, params long[] megabytesPerCheck)
    {
        foreach (var megabytes in megabytesPerCheck)
        {
            _allocated += megabytes * Mb;
            trim.Check();
        }
    }

    [Fact]
    public void A_burst_that_goes_quiet_is_trimmed_once()
    {
        var trim = Trim();
        Run(trim, 120, 100, 7, 7); // a ramp of logins, then idle sessions that still ping
        Assert.Equal(1, _collections);
        Run(trim, 7, 7, 7, 7, 7, 7);
        Assert.Equal(1, _collections); // nothing new to give back
    }

    [Fact]
    public void A_steady_load_is_never_trimmed()
    {
        var trim = Trim();
        Run(trim, 100, 90, 110, 95, 100, 105, 98, 102);
        Assert.Equal(0, _collections);
    }

    [Fact]
    public void A_small_burst_is_not_worth_a_full_collection()
    {
        var trim = Trim();
        Run(trim, 30, 1, 1, 1);
        Assert.Equal(0, _collections);
    }

    [Fact]
    public void A_node_forwarding_media_is_not_paused_for_a_trim()
    {
        _media = true;
        var trim = Trim();
        Run(trim, 120, 100, 7, 7, 7);
        Assert.Equal(0, _collections);
        _media = false; // the calls ended: the quiet node gives its memory back
        Run(trim, 7);
        Assert.Equal(1, _collections);
    }
}
