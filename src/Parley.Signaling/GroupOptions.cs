namespace Parley.Signaling;

/// <summary>Group lifetime settings; bound to the <c>Groups</c> section.</summary>
public sealed class GroupOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Groups";

    /// <summary>A Private group with no message and no membership change for this long is reclaimed (product-rules §5: 30 days).</summary>
    public TimeSpan PrivateIdleLimit { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the server looks for idle Private groups.</summary>
    public TimeSpan ReclaimSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
