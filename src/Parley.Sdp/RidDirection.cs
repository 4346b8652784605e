namespace Parley.Sdp;

/// <summary>Whether the author of the description sends or receives the RTP stream a <c>a=rid</c> names (RFC 8851 §4).</summary>
public enum RidDirection
{
    Send,
    Recv,
}
