namespace Parley.Server.Uploads;

/// <summary>The names of uploaded files: 32 lowercase hex digits the server makes, the only names a download may ask for.</summary>
internal static class UploadIds
{
    public static bool IsUuid(string? text) => text is { Length: 32 } && text.All(char.IsAsciiHexDigitLower);

    public static string NewUuid() => Guid.NewGuid().ToString("N");
}
