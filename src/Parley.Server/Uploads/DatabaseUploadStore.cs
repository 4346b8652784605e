using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Parley.Protocol.Chat;

namespace Parley.Server.Uploads;

/// <summary>
/// Files in the PostgreSQL database (table <c>uploads</c>, migration 3), so every node of a cluster serves every file
/// whichever node took the upload. A file is read whole into memory on its way in and out: uploads are bounded by
/// <c>Uploads:MaxBytes</c> (32 MiB by default), and the database keeps them TOASTed and compressed where it can.
/// </summary>
internal sealed class DatabaseUploadStore(NpgsqlDataSource dataSource) : IUploadStore
{
    public async Task<(long Size, byte[] Head)?> WriteAsync(long sdkAppId, string uuid, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (content.Length + read > maxBytes)
            {
                return null;
            }

            content.Write(buffer, 0, read);
        }

        await using var command = dataSource.CreateCommand(
            "INSERT INTO uploads (sdk_app_id, uuid, content, created_at) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sdkAppId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = content.GetBuffer().AsMemory(0, (int)content.Length), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = DateTimeOffset.UtcNow.ToUnixTimeSeconds() });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (content.Length, content.GetBuffer().AsSpan(0, (int)Math.Min(content.Length, 65536)).ToArray());
    }

    public async Task SaveMetadataAsync(long sdkAppId, UploadedFile file, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE uploads SET metadata = $3 WHERE sdk_app_id = $1 AND uuid = $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sdkAppId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = file.Uuid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(file, UploadJsonContext.Default.UploadedFile) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(long sdkAppId, string uuid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM uploads WHERE sdk_app_id = $1 AND uuid = $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sdkAppId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = uuid });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredUpload?> FindAsync(long sdkAppId, string uuid, CancellationToken cancellationToken)
    {
        if (!UploadIds.IsUuid(uuid))
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT metadata, content FROM uploads WHERE sdk_app_id = $1 AND uuid = $2 AND metadata IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sdkAppId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = uuid });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var file = JsonSerializer.Deserialize(reader.GetString(0), UploadJsonContext.Default.UploadedFile);
        return file is null ? null : new StoredUpload(file, null, (byte[])reader.GetValue(1));
    }
}
