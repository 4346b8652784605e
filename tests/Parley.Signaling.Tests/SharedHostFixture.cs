using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>One server on the system clock shared by a test class; tests use distinct identifiers and room numbers.</summary>
public sealed class SharedHostFixture : IAsyncLifetime
{
    public SignalingTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignalingTestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
