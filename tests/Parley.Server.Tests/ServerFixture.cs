using Parley.Testing;

namespace Parley.Server.Tests;

/// <summary>One dev-mode server shared by the tests of a class (tests there must not depend on global counts).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private ParleyTestServer? _server;

    public ParleyTestServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await ParleyTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
