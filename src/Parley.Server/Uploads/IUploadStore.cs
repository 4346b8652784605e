using Parley.Protocol.Chat;

namespace Parley.Server.Uploads;

/// <summary>
/// Where uploaded files live: on the node's disk with SQLite (<see cref="DiskUploadStore"/>), in the database with
/// PostgreSQL (<see cref="DatabaseUploadStore"/>), so that in a cluster every node serves every file (docs/uploads.md).
/// </summary>
internal interface IUploadStore
{
    /// <summary>
    /// Stores <paramref name="body"/> (at most <paramref name="maxBytes"/>) under a new <paramref name="uuid"/>; answers its
    /// size and its first 64 KiB for sniffing, or null (nothing kept) when it is over the limit. Not served before
    /// <see cref="SaveMetadataAsync"/>.
    /// </summary>
    Task<(long Size, byte[] Head)?> WriteAsync(long sdkAppId, string uuid, Stream body, long maxBytes, CancellationToken cancellationToken);

    /// <summary>What is known of the file (its answer to the upload); from now on it is served.</summary>
    Task SaveMetadataAsync(long sdkAppId, UploadedFile file, CancellationToken cancellationToken);

    Task DeleteAsync(long sdkAppId, string uuid, CancellationToken cancellationToken);

    /// <summary>The file and what is known of it, or null when there is none (or the name is not one this server makes).</summary>
    Task<StoredUpload?> FindAsync(long sdkAppId, string uuid, CancellationToken cancellationToken);
}
