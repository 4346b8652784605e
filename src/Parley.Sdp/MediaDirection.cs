namespace Parley.Sdp;

/// <summary>The direction attribute of an m= section, from the point of view of the description's author (RFC 8866 §6.7).</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
