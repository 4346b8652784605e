using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Parley.Protocol.Chat;
using Parley.Server.Storage;

namespace Parley.Server.Uploads;

/// <summary>
/// Files on local disk: <c>{directory}/{sdkAppId}/{uuid}</c> and <c>{uuid}.json</c> beside it. Paths are built only from
/// a number and 32 hex digits the server made, so no request can name a path outside the directory.
/// </summary>
internal sealed class UploadStore(IOptions<UploadOptions> options, IOptions<StorageOptions> storage)
{
    private readonly string _root = Path.GetFullPath(Path.IsPathRooted(options.Value.Directory)
        ? options.Value.Directory
        : Path.Combine(storage.Value.DataDirectory, options.Value.Directory));

    /// <summary>32 lowercase hex digits: what <see cref="NewUuid"/> makes, the only names a download may ask for.</summary>
    public static bool IsUuid(string? text) => text is { Length: 32 } && text.All(char.IsAsciiHexDigitLower);

    public static string NewUuid() => Guid.NewGuid().ToString("N");

    /// <summary>Streams <paramref name="body"/> to disk (at most <paramref name="maxBytes"/>); the file's first 64 KiB come back for sniffing. Null when over the limit.</summary>
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

    public void Delete(long sdkAppId, string uuid)
    {
        File.Delete(FilePath(sdkAppId, uuid));
        File.Delete(MetadataPath(sdkAppId, uuid));
    }

    /// <summary>The file and what is known of it, or null when there is none (or the name is not one this server makes).</summary>
    public async Task<(string Path, UploadedFile File)?> FindAsync(long sdkAppId, string uuid, CancellationToken cancellationToken)
    {
        if (!IsUuid(uuid) || !File.Exists(MetadataPath(sdkAppId, uuid)))
        {
            return null;
        }

        var file = JsonSerializer.Deserialize(await File.ReadAllTextAsync(MetadataPath(sdkAppId, uuid), cancellationToken), UploadJsonContext.Default.UploadedFile);
        return file is null ? null : (FilePath(sdkAppId, uuid), file);
    }

    private string FilePath(long sdkAppId, string uuid) => Path.Combine(_root, sdkAppId.ToString(CultureInfo.InvariantCulture), uuid);

    private string MetadataPath(long sdkAppId, string uuid) => FilePath(sdkAppId, uuid) + ".json";
}
