using Parley.Protocol.Roles;

namespace Parley.Server.Admin;

/// <summary>
/// Rules a role must meet before it is stored (R4.1, R4.2). The ranges cover what WebRTC senders and the Opus codec
/// can actually produce, so a stored role is always one a client can apply.
/// </summary>
public static class RoleValidation
{
    public const int MaxNameLength = 32;
    public const int MinDimension = 16;
    public const int MaxWidth = 7680;
    public const int MaxHeight = 4320;
    public const int MaxFps = 120;
    public const int MaxVideoBitrateKbps = 100_000;
    public const int MinAudioBitrateKbps = 6;
    public const int MaxAudioBitrateKbps = 510;

    /// <summary>Sample rates a role may ask for: Opus's native rates plus the common capture rates 32 and 44.1 kHz.</summary>
    public static IReadOnlyList<int> SampleRates { get; } = [8000, 12000, 16000, 24000, 32000, 44100, 48000];

    /// <summary>Role names: 1-32 printable ASCII characters without spaces.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && name.All(c => c is > ' ' and <= '~');

    /// <summary>
    /// Builds the role to store, or explains in <paramref name="error"/> what is wrong. The platform is normalized to
    /// its lower-case wire name.
    /// </summary>
    public static bool TryCreate(string platform, string name, PutRoleRequest? request, out RoleDefinition? role, out string error)
    {
        role = null;
        if (!Platform.TryNormalize(platform, out var normalizedPlatform))
        {
            error = $"platform must be one of {string.Join(", ", Platform.All)}.";
            return false;
        }

        if (!IsValidName(name))
        {
            error = $"name must be 1-{MaxNameLength} printable ASCII characters without spaces.";
            return false;
        }

        if (request?.Video is not { } video || request.Audio is not { } audio)
        {
            error = "video and audio are required.";
            return false;
        }

        error = CheckVideo(video) ?? CheckAudio(audio) ?? "";
        if (error.Length > 0)
        {
            return false;
        }

        role = new RoleDefinition(name, normalizedPlatform, video, audio, request.IsDefault);
        return true;
    }

    private static string? CheckVideo(VideoParameters video)
    {
        if (video.Width is < MinDimension or > MaxWidth)
        {
            return $"video.width must be {MinDimension}-{MaxWidth}.";
        }

        if (video.Height is < MinDimension or > MaxHeight)
        {
            return $"video.height must be {MinDimension}-{MaxHeight}.";
        }

        if (video.Fps is < 1 or > MaxFps)
        {
            return $"video.fps must be 1-{MaxFps}.";
        }

        if (video.MinBitrateKbps is < 1 or > MaxVideoBitrateKbps || video.MaxBitrateKbps is < 1 or > MaxVideoBitrateKbps)
        {
            return $"video bitrates must be 1-{MaxVideoBitrateKbps} kbps.";
        }

        return video.MinBitrateKbps > video.MaxBitrateKbps ? "video.minBitrateKbps must not exceed video.maxBitrateKbps." : null;
    }

    private static string? CheckAudio(AudioParameters audio)
    {
        if (!SampleRates.Contains(audio.SampleRate))
        {
            return $"audio.sampleRate must be one of {string.Join(", ", SampleRates)}.";
        }

        if (audio.Channels is < 1 or > 2)
        {
            return "audio.channels must be 1 or 2.";
        }

        return audio.BitrateKbps is < MinAudioBitrateKbps or > MaxAudioBitrateKbps
            ? $"audio.bitrateKbps must be {MinAudioBitrateKbps}-{MaxAudioBitrateKbps}."
            : null;
    }
}
