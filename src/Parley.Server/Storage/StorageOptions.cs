namespace Parley.Server.Storage;

/// <summary>Where durable data lives, bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string SqliteProvider = "sqlite";
    public const string PostgresProvider = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c> (not implemented yet: start fails with a clear message).</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>Folder of the SQLite database file <c>parley.db</c>; created when missing.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Full provider connection string; when set it wins over <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }
}
