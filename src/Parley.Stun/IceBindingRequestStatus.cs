namespace Parley.Stun;

/// <summary>Outcome of checking an incoming connectivity check against the local credentials.</summary>
public enum IceBindingRequestStatus
{
    /// <summary>Authenticated Binding request; answer with a success response.</summary>
    Valid,

    /// <summary>Not a Binding request (e.g. a Binding indication keepalive); send nothing.</summary>
    NotBindingRequest,

    /// <summary>FINGERPRINT missing or wrong: probably not STUN at all; drop silently (RFC 8445 §7.3).</summary>
    Discard,

    /// <summary>USERNAME, MESSAGE-INTEGRITY, PRIORITY or the role attribute missing; answer 400 without integrity.</summary>
    BadRequest,

    /// <summary>USERNAME does not start with our ufrag or MESSAGE-INTEGRITY fails; answer 401 without integrity.</summary>
    Unauthorized,

    /// <summary>Carries a comprehension-required attribute we do not know; answer 420.</summary>
    UnknownAttribute,
}
