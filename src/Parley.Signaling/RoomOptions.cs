namespace Parley.Signaling;

/// <summary>Room lifetime settings; bound to the <c>Rooms</c> section.</summary>
public sealed class RoomOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Rooms";

    /// <summary>How long an empty room lives before it is dissolved (R3.5: 30 seconds).</summary>
    public TimeSpan DissolveDelay { get; set; } = TimeSpan.FromSeconds(30);
}
