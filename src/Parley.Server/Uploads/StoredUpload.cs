using Parley.Protocol.Chat;

namespace Parley.Server.Uploads;

/// <summary>A stored file: its metadata, and either the path of its bytes on disk or the bytes themselves.</summary>
internal sealed record StoredUpload(UploadedFile File, string? Path, byte[]? Content);
