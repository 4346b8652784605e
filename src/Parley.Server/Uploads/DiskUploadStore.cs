using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Parley.Protocol.Chat;
using Parley.Server.Storage;

namespace Parley.Server.Uploads;

/// <summary>
/// Files on local disk (the SQLite default): <c>{directory}/{sdkAppId}/{uuid}</c> and <c>{uuid}.json</c> beside it. Paths
/// are built only from a number and 32 hex digits the server made, so no request can name a path outside the directory.
/// </summary>
internal sealed class DiskUploadStore(IOptions<UploadOptions> options, IOptions<StorageOptions> storage) : IUploadStore
{
    private readonly string _root = Path.GetFullPath(Path.IsPathRooted(options.Value.Directory)
        ? options.Value.Directory
        : Path.Combine(storage.Value.DataDirectory, options.Value.Directory));

    public async Task<(long Size, byte[] Head)?> WriteAsync(long sdkAppId, string uuid, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(_root, sdkAppId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, uuid);
        var head = new MemoryStream();
        long size = 0;
        var buffer = new byte[81920];
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    break;
                }

                if (head.Length < 65536)
                {
                    head.Write(buffer, 0, (int)Math.Min(read, 65536 - head.Length));
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (size > maxBytes)
        {
            File.Delete(path);
            return null;
        }

        return (size, head.ToArray());
    }

    public async Task SaveMetadataAsync(long sdkAppId, UploadedFile file, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(MetadataPath(sdkAppId, file.Uuid), JsonSerializer.Serialize(file, UploadJsonContext.Default.UploadedFile), cancellationToken);

    public Task DeleteAsync(long sdkAppId, string uuid, CancellationToken cancellationToken)
    {
        File.Delete(FilePath(sdkAppId, uuid));
        File.Delete(MetadataPath(sdkAppId, uuid));
        return Task.CompletedTask;
    }

    public async Task<StoredUpload?> FindAsync(long sdkAppId, string uuid, CancellationToken cancellationToken)
    {
        if (!UploadIds.IsUuid(uuid) || !File.Exists(MetadataPath(sdkAppId, uuid)))
        {
            return null;
        }

        var file = JsonSerializer.Deserialize(await File.ReadAllTextAsync(MetadataPath(sdkAppId, uuid), cancellationToken), UploadJsonContext.Default.UploadedFile);
        return file is null ? null : new StoredUpload(file, FilePath(sdkAppId, uuid), null);
    }

    private string FilePath(long sdkAppId, string uuid) => Path.Combine(_root, sdkAppId.ToString(CultureInfo.InvariantCulture), uuid);

    private string MetadataPath(long sdkAppId, string uuid) => FilePath(sdkAppId, uuid) + ".json";
}
