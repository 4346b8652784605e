using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Parley.Server.Storage;

namespace Parley.Server.Media.Recording;

/// <summary>
/// This node's recordings on disk: <c>{Recording:Directory}/{sdkAppId}/{recordingId}/</c> with one WebM file per track
/// and <c>recording.json</c> (a <see cref="RecordingInfo"/>). Paths are built only from a number, a recording id the
/// server made and checked, and file names listed in the recording's own <c>recording.json</c>, so no request can name a
/// path outside the directory. Thread-safe (stateless apart from the root).
/// </summary>
internal sealed partial class RecordingStorage(IOptions<RecordingOptions> options, IOptions<StorageOptions> storage)
{
    public const string ManifestName = "recording.json";

    public string Root { get; } = Path.GetFullPath(Path.IsPathRooted(options.Value.Directory)
        ? options.Value.Directory
        : Path.Combine(storage.Value.DataDirectory, options.Value.Directory));

    /// <summary>A new recording id: the room, the UTC start to the second and 24 random bits (sorts by room, then time).</summary>
    public static string NewRecordingId(long roomId, DateTimeOffset startedAt) => string.Create(CultureInfo.InvariantCulture,
        $"{roomId}-{startedAt.UtcDateTime:yyyyMMdd-HHmmss}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}");

    public static bool IsValidRecordingId(string? recordingId) => recordingId is not null && RecordingIdPattern().IsMatch(recordingId);

    /// <summary>The file name of a track: identifiers are letters, digits and underscores (R2.1), sources are fixed words.</summary>
    public static string FileNameFor(string identifier, string source, int occurrence)
    {
        var safe = string.Concat(identifier.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_'));
        return occurrence <= 1 ? $"{safe}-{source}.webm" : string.Create(CultureInfo.InvariantCulture, $"{safe}-{source}-{occurrence}.webm");
    }

    public string FolderOf(long sdkAppId, string recordingId)
    {
        if (!IsValidRecordingId(recordingId))
        {
            throw new ArgumentException("Not a recording id.", nameof(recordingId));
        }

        return Path.Combine(Root, sdkAppId.ToString(CultureInfo.InvariantCulture), recordingId);
    }

    /// <summary>Creates the recording's folder (and the root); throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot.</summary>
    public string CreateFolder(long sdkAppId, string recordingId)
    {
        var folder = FolderOf(sdkAppId, recordingId);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes <c>recording.json</c> whole or not at all (a temporary file moved over the old one).</summary>
    public static void WriteManifest(string folder, RecordingInfo info)
    {
        var path = Path.Combine(folder, ManifestName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(info, RecordingJsonContext.Default.RecordingInfo));
        File.Move(temporary, path, overwrite: true);
    }

    public RecordingInfo? ReadManifest(long sdkAppId, string recordingId)
    {
        if (!IsValidRecordingId(recordingId))
        {
            return null;
        }

        return ReadManifestAt(Path.Combine(FolderOf(sdkAppId, recordingId), ManifestName));
    }

    /// <summary>Every recording of the app whose folder is on this node's disk, as its <c>recording.json</c> says.</summary>
    public IReadOnlyList<RecordingInfo> List(long sdkAppId)
    {
        var appFolder = Path.Combine(Root, sdkAppId.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(appFolder))
        {
            return [];
        }

        var found = new List<RecordingInfo>();
        foreach (var folder in Directory.EnumerateDirectories(appFolder))
        {
            if (IsValidRecordingId(Path.GetFileName(folder)) && ReadManifestAt(Path.Combine(folder, ManifestName)) is { } info && info.SdkAppId == sdkAppId)
            {
                found.Add(info);
            }
        }

        return found;
    }

    /// <summary>The path of a recording's file when its <c>recording.json</c> lists it and it exists here; else null.</summary>
    public string? FindFile(long sdkAppId, string recordingId, string fileName)
    {
        if (ReadManifest(sdkAppId, recordingId) is not { } info || !info.Files.Any(file => file.FileName == fileName))
        {
            return null;
        }

        var path = Path.Combine(FolderOf(sdkAppId, recordingId), fileName);
        return File.Exists(path) ? path : null;
    }

    private static RecordingInfo? ReadManifestAt(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), RecordingJsonContext.Default.RecordingInfo) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null; // half-written by a crash, or not ours: not listed
        }
    }

    [GeneratedRegex("^[0-9]{1,19}-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordingIdPattern();
}
