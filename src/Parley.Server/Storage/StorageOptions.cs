namespace Parley.Server.Storage;

/// <summary>Where durable data lives, bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string SqliteProvider = "sqlite";
    public const string PostgresProvider = "postgres";

    /// <summary><c>sqlite</c> (default: one file, one node) or <c>postgres</c> (one database for every node of a cluster).</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>Folder of the SQLite database file <c>parley.db</c>; created when missing.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Full provider connection string; when set it wins over <see cref="DataDirectory"/>. Required for <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>PostgreSQL: the most connections this node opens (0: the connection string's <c>Maximum Pool Size</c>, Npgsql's default 100).</summary>
    public int MaxPoolSize { get; set; }
}
