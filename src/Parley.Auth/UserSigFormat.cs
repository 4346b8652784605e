namespace Parley.Auth;

/// <summary>Which of the vendor's two userSig formats a userSig is in.</summary>
public enum UserSigFormat
{
    /// <summary>"TLSSigAPIv2": HMAC-SHA256 with the app's secret key; JSON carries <c>TLS.ver = "2.0"</c>.</summary>
    V2,

    /// <summary>The older format: ECDSA-SHA256 with the app's private key; all JSON values are strings; no <c>TLS.ver</c>.</summary>
    Asymmetric,
}
