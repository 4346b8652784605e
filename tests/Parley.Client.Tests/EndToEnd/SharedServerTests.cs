using Parley.Client.Tests.Support;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// Base of end-to-end classes on the <see cref="SharedServerFixture"/>: clients made with <see cref="NewClient"/> or
/// <see cref="LoginAsync"/> are disposed after each test.
/// </summary>
public abstract class SharedServerTests(SharedServerFixture fixture) : IClassFixture<SharedServerFixture>, IAsyncLifetime
{
    private readonly List<ParleyClient> _clients = [];

    protected SharedServerFixture Fixture { get; } = fixture;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>A client logged in as a fresh identifier made from <paramref name="name"/>.</summary>
    protected async Task<(ParleyClient Client, string Identifier)> LoginAsync(string name, Action<ParleyClientOptions>? configure = null)
    {
        var identifier = Fixture.NewIdentifier(name);
        var client = NewClient(configure);
        var login = await client.LoginAsync(Fixture.Server.DefaultApp.SdkAppId, identifier, Fixture.Server.UserSig(identifier));
        Assert.Equal(identifier, login.Identifier);
        return (client, identifier);
    }

    protected ParleyClient NewClient(Action<ParleyClientOptions>? configure = null)
    {
        var client = TestClients.Create(Fixture.Server.WebSocketUri, configure);
        _clients.Add(client);
        return client;
    }

    protected static EventRecorder<TArgs> Record<TArgs>(Action<EventHandler<TArgs>> subscribe)
    {
        var recorder = new EventRecorder<TArgs>();
        subscribe(recorder.Handler);
        return recorder;
    }
}
