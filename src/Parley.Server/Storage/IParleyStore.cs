namespace Parley.Server.Storage;

/// <summary>
/// The durable store of one installation. Every SQL statement lives inside a provider (SQLite now; PostgreSQL later),
/// so callers stay provider-neutral. Grains keep only soft state; this is the source of truth.
/// </summary>
public interface IParleyStore : IAsyncDisposable
{
    /// <summary>Name of the provider (<c>sqlite</c>, ...), for logs and the banner.</summary>
    string ProviderName { get; }

    IAppStore Apps { get; }

    IRoleStore Roles { get; }

    IUserStore Users { get; }

    /// <summary>Groups and memberships (R5); written only by the group grains.</summary>
    Parley.Signaling.Abstractions.IGroupStore Groups { get; }

    Parley.Signaling.Abstractions.IMessageStore Messages { get; }

    ISettingsStore Settings { get; }

    /// <summary>Event callbacks: settings, outbox and dead letters (docs/callbacks.md).</summary>
    ICallbackStore Callbacks { get; }

    /// <summary>Applies the missing schema migrations in one transaction; running it again changes nothing.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The migrations recorded as applied, by version.</summary>
    Task<IReadOnlyList<AppliedMigration>> GetAppliedMigrationsAsync(CancellationToken cancellationToken);

    /// <summary>Runs a trivial query; false (never an exception) when the database does not answer.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
