namespace Parley.Sdp;

/// <summary>One rid in an <c>a=simulcast</c> list; <see cref="Paused"/> is the <c>~</c> prefix (RFC 8853 §5.1).</summary>
public sealed record SimulcastStream(string Rid, bool Paused = false)
{
    public override string ToString() => Paused ? "~" + Rid : Rid;
}
