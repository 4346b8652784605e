namespace Parley.Sdp;

/// <summary>The <c>a=setup</c> value: who opens the DTLS connection (RFC 4145 §4, RFC 5763 §5).</summary>
public enum SetupRole
{
    /// <summary>Offerer only: "I can be either"; the answerer then picks.</summary>
    ActPass,

    /// <summary>This side is the DTLS client.</summary>
    Active,

    /// <summary>This side is the DTLS server.</summary>
    Passive,

    /// <summary>Keep the existing connection (not used by WebRTC).</summary>
    HoldConn,
}
