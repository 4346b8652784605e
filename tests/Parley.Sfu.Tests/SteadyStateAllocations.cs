namespace Parley.Sfu.Tests;

/// <summary>
/// How much a hot path allocates once warm, on the calling thread. Steady state is what counts: a round that overlaps a
/// tier-up of the JIT may see the runtime allocate on this thread once (seen on a loaded 2-core CI machine), while a real
/// per-call allocation shows in every round — so the quietest of three rounds is judged.
/// </summary>
internal static class SteadyStateAllocations
{
    /// <summary>Runs <paramref name="step"/> <paramref name="iterations"/> times per round; returns the fewest bytes any round allocated.</summary>
    public static long Measure(int iterations, Action<int> step)
    {
        var fewest = long.MaxValue;
        for (var round = 0; round < 3 && fewest != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                step(i);
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
