namespace Parley.Client.Tests.Durability;

/// <summary>Server child processes are started one test at a time (each costs a core while it boots).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DurabilityCollection
{
    public const string Name = "Durability";
}
