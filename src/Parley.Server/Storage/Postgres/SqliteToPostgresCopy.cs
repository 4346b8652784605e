using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Parley.Server.Storage.Sqlite;

namespace Parley.Server.Storage.Postgres;

/// <summary>
/// Moves an installation from SQLite to PostgreSQL (<c>parley db copy</c>): both schemas are brought to their latest
/// version, then every table is copied row for row — ids, times, keys and the admin token included — with binary
/// <c>COPY</c>, all in one PostgreSQL transaction, so the target has everything or nothing. The target must be empty.
/// </summary>
public static class SqliteToPostgresCopy
{
    /// <summary>Every table of the schema, parents before children (none has a foreign key, but readers expect this order).</summary>
    public static IReadOnlyList<string> Tables { get; } =
    [
        "apps", "roles", "users", "settings", "groups", "group_members", "group_messages", "group_join_requests", "c2c_messages", "c2c_read",
        "system_notifications", "callback_settings", "callback_outbox", "callback_dead_letters",
    ];

    /// <summary>Tables filled from the SQLite server's disk rather than its database: uploaded files (Uploads:Directory).</summary>
    public static IReadOnlyList<string> DiskTables { get; } = ["uploads"];

    // Tables whose id column PostgreSQL generates: after copying explicit ids its sequence moves past the highest.
    private static readonly string[] IdentityTables = ["c2c_messages", "system_notifications", "callback_outbox", "callback_dead_letters"];

    /// <summary>Copies; reports each table's row count through <paramref name="progress"/> as it is done.</summary>
    public static async Task<IReadOnlyList<(string Table, long Rows)>> RunAsync(string sqliteDataDirectory, string postgresConnectionString, TimeProvider time,
        Action<string, long>? progress, CancellationToken cancellationToken)
    {
        var databaseFile = Path.Combine(Path.GetFullPath(sqliteDataDirectory), "parley.db");
        if (!File.Exists(databaseFile))
        {
            throw new InvalidOperationException($"There is no SQLite database at {databaseFile} (the server's Storage:DataDirectory holds parley.db).");
        }

        await using (var source = SqliteParleyStore.ForDataDirectory(sqliteDataDirectory, time))
        {
            await source.MigrateAsync(cancellationToken);
        }

        await using (var target = new PostgresParleyStore(postgresConnectionString, time))
        {
            await target.MigrateAsync(cancellationToken);
        }

        await using var sqlite = new SqliteConnection(SqliteDialect.ConnectionStringFor(sqliteDataDirectory));
        await sqlite.OpenAsync(cancellationToken);
        await using var postgres = new NpgsqlConnection(postgresConnectionString);
        await postgres.OpenAsync(cancellationToken);
        await using var transaction = await postgres.BeginTransactionAsync(cancellationToken);
        foreach (var table in Tables.Concat(DiskTables))
        {
            if (await postgres.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT EXISTS (SELECT 1 FROM {table})", transaction: transaction,
                    cancellationToken: cancellationToken)))
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL database already holds data (table {table}): copy only into an empty database, e.g. a new one from CREATE DATABASE.");
            }
        }

        var copied = new List<(string, long)>();
        foreach (var table in Tables)
        {
            var rows = await CopyTableAsync(sqlite, postgres, transaction, table, cancellationToken);
            copied.Add((table, rows));
            progress?.Invoke(table, rows);
        }

        var uploads = await CopyUploadsAsync(Path.Combine(Path.GetFullPath(sqliteDataDirectory), "uploads"), postgres, transaction, cancellationToken);
        copied.Add(("uploads", uploads));
        progress?.Invoke("uploads", uploads);

        foreach (var table in IdentityTables)
        {
            await postgres.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}",
                transaction: transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    /// <summary>
    /// The files a SQLite server kept on disk (<c>{directory}/{sdkAppId}/{uuid}</c> with <c>{uuid}.json</c>, the default
    /// <c>Uploads:Directory</c>) into the <c>uploads</c> table, so their message URLs keep working on PostgreSQL.
    /// </summary>
    private static async Task<long> CopyUploadsAsync(string directory, NpgsqlConnection postgres, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        long files = 0;
        foreach (var appDirectory in Directory.EnumerateDirectories(directory))
        {
            if (!long.TryParse(Path.GetFileName(appDirectory), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sdkAppId))
            {
                continue;
            }

            foreach (var metadataPath in Directory.EnumerateFiles(appDirectory, "*.json"))
            {
                var uuid = Path.GetFileNameWithoutExtension(metadataPath);
                var contentPath = Path.Combine(appDirectory, uuid);
                if (!Uploads.UploadIds.IsUuid(uuid) || !File.Exists(contentPath))
                {
                    continue; // not a file the server made, or one whose upload never finished
                }

                await postgres.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO uploads (sdk_app_id, uuid, metadata, content, created_at) VALUES (@sdkAppId, @uuid, @metadata, @content, @createdAt)",
                    new
                    {
                        sdkAppId,
                        uuid,
                        metadata = await File.ReadAllTextAsync(metadataPath, cancellationToken),
                        content = await File.ReadAllBytesAsync(contentPath, cancellationToken),
                        createdAt = new DateTimeOffset(File.GetLastWriteTimeUtc(contentPath)).ToUnixTimeSeconds(),
                    },
                    transaction, cancellationToken: cancellationToken));
                files++;
            }
        }

        return files;
    }

    private static async Task<long> CopyTableAsync(SqliteConnection sqlite, NpgsqlConnection postgres, DbTransaction transaction, string table,
        CancellationToken cancellationToken)
    {
        // PostgreSQL's columns decide what is copied; both schemas have the same names, and only bigint and text.
        var columns = (await postgres.QueryAsync<(string Name, string Type)>(new CommandDefinition(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position",
            new { table }, transaction, cancellationToken: cancellationToken))).ToList();
        var names = string.Join(", ", columns.Select(c => c.Name));

        await using var select = sqlite.CreateCommand();
        select.CommandText = $"SELECT {names} FROM {table}";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await using var importer = await postgres.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                if (await reader.IsDBNullAsync(i, cancellationToken))
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else if (columns[i].Type == "bigint")
                {
                    await importer.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, cancellationToken);
                }
            }

            rows++;
        }

        await importer.CompleteAsync(cancellationToken);
        return rows;
    }
}
