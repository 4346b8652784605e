using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// Base of test classes driven by the clock: a fresh server per test whose TimeProvider is a
/// <see cref="FakeTimeProvider"/> starting on a whole second (userSig times are whole Unix seconds, so expiries fall
/// exactly on whole-second advances). The node's deadline checks (<c>SessionDeadlines</c>, once a second from the first
/// connection, before the clock moves) fall on whole seconds too, so a deadline at a whole second is seen by the
/// check at that second.
/// </summary>
public abstract class FakeClockHostTests : IAsyncLifetime
{
    protected SignalingTestHost Host { get; private set; } = null!;

    protected FakeTimeProvider Clock => Host.FakeTime;

    public async Task InitializeAsync() =>
        Host = await SignalingTestHost.StartAsync(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds())));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
