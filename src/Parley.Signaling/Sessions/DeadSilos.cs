using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace Parley.Signaling.Sessions;

/// <summary>The cluster's membership as the nodes it declares dead, each once, for what must react to a node's death.</summary>
public static class DeadSilos
{
    /// <summary>
    /// Each membership update that declares nodes dead, as those nodes (never one twice); ends quietly when
    /// <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<SiloAddress>> NewlyDeadSilos(this IClusterMembershipService membership,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>();
        var updates = membership.MembershipUpdates.WithCancellation(cancellationToken).GetAsyncEnumerator();
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                var newlyDead = updates.Current.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress))
                    .Select(m => m.SiloAddress)
                    .ToList();
                if (newlyDead.Count > 0)
                {
                    yield return newlyDead;
                }
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }
}
