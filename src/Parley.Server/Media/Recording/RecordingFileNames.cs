using System.Text.RegularExpressions;

namespace Parley.Server.Media.Recording;

/// <summary>The names of a recording's files: <c>{identifier}-{source}[-n].webm</c> (<see cref="RecordingStorage.FileNameFor"/>).</summary>
internal static partial class RecordingFileNames
{
    public static bool IsValid(string? fileName) => fileName is not null && Pattern().IsMatch(fileName);

    /// <summary>audio/webm for a microphone's file, video/webm for a camera's or a screen's.</summary>
    public static string ContentTypeOf(string fileName) =>
        Pattern().Match(fileName) is { Success: true } match && match.Groups["source"].Value == "microphone" ? "audio/webm" : "video/webm";

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}-(?<source>camera|microphone|screen)(-[0-9]{1,6})?\\.webm$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
