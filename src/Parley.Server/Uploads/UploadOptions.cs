namespace Parley.Server.Uploads;

/// <summary>Uploads for the media elements of messages (docs/uploads.md); bound to the <c>Uploads</c> section.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>The largest file accepted, in bytes (default 32 MiB).</summary>
    public long MaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Where files are kept; relative paths are under <c>Storage:DataDirectory</c> (default <c>uploads</c>).</summary>
    public string Directory { get; set; } = "uploads";

    /// <summary>Content types accepted (a trailing <c>/*</c> takes a whole family). Images must also look like what they claim.</summary>
    public IList<string> AllowedContentTypes { get; set; } =
        ["image/png", "image/jpeg", "image/gif", "image/webp", "audio/*", "video/*", "application/pdf", "application/zip", "application/octet-stream", "text/plain"];
}
