namespace Parley.Signaling.Tests;

/// <summary>Runs its tests alone, after every parallel test collection has finished.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory";
}
