namespace Parley.Sfu.Tests;

/// <summary>
/// Tests that read the SFU's process-wide meter: they run alone, after every parallel collection, so no other test's
/// media adds to what they count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SfuMeterCollection
{
    public const string Name = "SfuMeter";
}
