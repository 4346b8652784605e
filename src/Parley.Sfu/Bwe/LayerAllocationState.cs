namespace Parley.Sfu.Bwe;

/// <summary>
/// What <see cref="LayerAllocator"/> remembers about one consumer between rounds: the chosen layer and the
/// step-up bookkeeping (when the last step-up happened, when the next one is allowed, the current back-off).
/// Owned by the caller (one per consumer, kept with the consumer); start from <see cref="Initial"/>.
/// </summary>
public struct LayerAllocationState
{
    /// <summary>A consumer that has not been allocated yet.</summary>
    public static LayerAllocationState Initial => new() { Layer = -1 };

    /// <summary>The chosen spatial layer; -1 = nothing (paused, or not even the lowest layer fits).</summary>
    public int Layer { readonly get; internal set; }

    internal bool HasStepUp { readonly get; set; }

    internal long LastStepUpAt { readonly get; set; }

    internal long UpgradeAllowedAt { readonly get; set; }

    internal TimeSpan Backoff { readonly get; set; }
}
