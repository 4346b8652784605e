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
                throw new InvalidOperationException(
                    "Storage:Provider 'postgres' is not implemented yet. Use 'sqlite' (the default).");
            default:
                throw new InvalidOperationException(
                    $"Storage:Provider '{options.Provider}' is unknown. Supported: 'sqlite' ('postgres' is planned).");
        }
    }

    public static IParleyStore Create(StorageOptions options, TimeProvider time)
    {
        Validate(options);
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? SqliteParleyStore.ForDataDirectory(options.DataDirectory, time)
            : new SqliteParleyStore(options.ConnectionString, time);
    }
}
