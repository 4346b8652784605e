namespace Parley.Server.Uploads;

/// <summary>What is known of an uploaded file (kept beside it as JSON): the answer of an upload.</summary>
public sealed record StoredFile(
    string Uuid,
    string Url,
    string ContentType,
    long Size,
    string? FileName,
    string Uploader,
    long UploadedAt,
    string? ImageFormat = null,
    int? Width = null,
    int? Height = null);
