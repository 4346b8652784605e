namespace Parley.Client.Tests.Support;

/// <summary>Client options for tests: short timeouts and backoff so failures show quickly.</summary>
public static class TestClients
{
    public const long SdkAppId = 1_400_000_001;

    public static ParleyClient Create(Uri serverUri, Action<ParleyClientOptions>? configure = null)
    {
        var options = new ParleyClientOptions
        {
            ServerUri = serverUri,
            Platform = "linux",
            RequestTimeout = TimeSpan.FromSeconds(5),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return new ParleyClient(options);
    }
}
