using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// One server whose fake clock never moves: rate-limit buckets never refill and no timer fires, so limits are
/// exact. Shared by a test class; tests use their own connections.
/// </summary>
public sealed class FrozenClockHostFixture : IAsyncLifetime
{
    public SignalingTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignalingTestHost.StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
