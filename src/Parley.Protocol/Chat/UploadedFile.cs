namespace Parley.Protocol.Chat;

/// <summary>
/// The answer of <c>POST /upload</c> (docs/uploads.md): what the URL and UUID fields of <c>TIMImageElem</c>,
/// <c>TIMSoundElem</c>, <c>TIMFileElem</c> and <c>TIMVideoFileElem</c> carry; for images their format and size.
/// </summary>
public sealed record UploadedFile(
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
