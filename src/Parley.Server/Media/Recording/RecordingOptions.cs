namespace Parley.Server.Media.Recording;

/// <summary>Recording rooms to files on the media node (docs/recording.md); bound to the <c>Recording</c> section.</summary>
public sealed class RecordingOptions
{
    public const string SectionName = "Recording";

    /// <summary>Where recordings go, one folder each; relative paths are under <c>Storage:DataDirectory</c> (default <c>recordings</c>).</summary>
    public string Directory { get; set; } = "recordings";

    /// <summary>Packets one recording may have waiting for its writer; past that new packets are dropped and counted (default 8192).</summary>
    public int QueueCapacity { get; set; } = 8192;

    /// <summary>How long packets wait behind a missing one (for a retransmission) before it is given up (default 300 ms).</summary>
    public TimeSpan ReorderDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>A recording of a room whose media has had nobody in it this long stops by itself (default 5 minutes).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A recording stops by itself after this long (default 12 hours).</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Every problem, one line each; empty when the settings are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add("Recording:Directory must not be empty.");
        }

        if (QueueCapacity is < 64 or > 1_000_000)
        {
            errors.Add("Recording:QueueCapacity must be between 64 and 1000000.");
        }

        if (ReorderDelay < TimeSpan.Zero || ReorderDelay > TimeSpan.FromSeconds(5))
        {
            errors.Add("Recording:ReorderDelay must be between 00:00:00 and 00:00:05.");
        }

        if (IdleTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add("Recording:IdleTimeout must be at least 00:00:01.");
        }

        if (MaxDuration < TimeSpan.FromSeconds(1))
        {
            errors.Add("Recording:MaxDuration must be at least 00:00:01.");
        }

        return errors;
    }
}
