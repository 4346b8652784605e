using Parley.Server.Storage.Postgres;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Storage;

/// <summary>Chooses the storage provider named by <c>Storage:Provider</c>.</summary>
public static class ParleyStoreFactory
{
    /// <summary>Throws <see cref="InvalidOperationException"/> with an operator-readable message for unusable settings.</summary>
    public static void Validate(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider.ToLowerInvariant())
        {
            case StorageOptions.SqliteProvider:
                if (string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.DataDirectory))
                {
                    throw new InvalidOperationException("Storage:DataDirectory or Storage:ConnectionString must be set for the sqlite provider.");
                }

                return;
            case StorageOptions.PostgresProvider:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new InvalidOperationException(
                        "Storage:ConnectionString must be set for the postgres provider, e.g. 'Host=db;Database=parley;Username=parley;Password=…' (docs/configuration.md).");
                }

                try
                {
                    _ = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidOperationException($"Storage:ConnectionString is not a valid PostgreSQL connection string: {e.Message}", e);
                }

                if (options.MaxPoolSize < 0)
                {
                    throw new InvalidOperationException("Storage:MaxPoolSize must be 0 (the connection string decides) or positive.");
                }

                return;
            default:
                throw new InvalidOperationException(
                    $"Storage:Provider '{options.Provider}' is unknown. Supported: 'sqlite' (the default) and 'postgres'.");
        }
    }

    public static IParleyStore Create(StorageOptions options, TimeProvider time)
    {
        Validate(options);
        if (string.Equals(options.Provider, StorageOptions.PostgresProvider, StringComparison.OrdinalIgnoreCase))
        {
            return new PostgresParleyStore(options.ConnectionString!, time, options.MaxPoolSize);
        }

        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? SqliteParleyStore.ForDataDirectory(options.DataDirectory, time)
            : new SqliteParleyStore(options.ConnectionString, time);
    }
}
