using System.Diagnostics;
using System.Text.Json;

namespace Parley.Testing;

/// <summary>
/// Runs Debian's <c>ffprobe</c> (package ffmpeg, installed by <c>scripts/install-ffmpeg.sh</c>, which the README test
/// command runs) on a media file: an independent reader of what Parley writes.
/// </summary>
public static class Ffprobe
{
    private const string Program = "/usr/bin/ffprobe";

    /// <summary>
    /// <c>ffprobe -show_format -show_streams -count_frames</c> as JSON (<c>format</c>, <c>streams[]</c> with
    /// <c>codec_name</c>, <c>width</c>, <c>nb_read_frames</c>…). Throws with ffprobe's complaints when it reports any error.
    /// </summary>
    public static async Task<JsonDocument> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException("ffprobe was not found: run scripts/install-ffmpeg.sh (the README test command ./test.sh does).");
        }

        var info = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-show_format", "-show_streams", "-count_frames", "-of", "json", path])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ffprobe");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var complaints = (await errors).Trim();
        if (process.ExitCode != 0 || complaints.Length > 0)
        {
            throw new InvalidDataException($"ffprobe {Path.GetFileName(path)} exited {process.ExitCode}: {complaints}");
        }

        return JsonDocument.Parse(await output);
    }
}
