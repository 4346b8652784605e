using Parley.Server.Storage;

namespace Parley.Server.Hosting;

/// <summary>
/// Facts settled while the server starts (see <see cref="ServerBootstrapper"/>): the admin token in force and the
/// default app shown in the banner. Reading them before start throws.
/// </summary>
public sealed class ServerState
{
    private string? _adminToken;
    private AppRecord? _defaultApp;

    public string AdminToken => _adminToken ?? throw new InvalidOperationException("The server has not started yet.");

    public AppRecord DefaultApp => _defaultApp ?? throw new InvalidOperationException("The server has not started yet.");

    /// <summary>True when the admin token came from configuration rather than the database.</summary>
    public bool AdminTokenFromConfiguration { get; private set; }

    internal void Initialize(string adminToken, bool fromConfiguration, AppRecord defaultApp)
    {
        _adminToken = adminToken;
        AdminTokenFromConfiguration = fromConfiguration;
        _defaultApp = defaultApp;
    }
}
