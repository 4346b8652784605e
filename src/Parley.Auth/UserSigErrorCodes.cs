namespace Parley.Auth;

/// <summary>
/// The vendor's userSig error codes (product-rules §2). The numbers equal those in
/// <c>Parley.Protocol.Errors.ErrorCodes</c>; they are repeated here because Parley.Auth must stay free of
/// Parley dependencies so any app backend can reference it.
/// </summary>
public static class UserSigErrorCodes
{
    /// <summary>The userSig verified.</summary>
    public const int None = 0;

    /// <summary>The userSig verified but <c>now &gt; time + expire</c> (R2.3).</summary>
    public const int Expired = 70001;

    /// <summary>The userSig is null or the empty string.</summary>
    public const int Empty = 70002;

    /// <summary>The userSig is not URL-safe base64 of a zlib stream of a userSig JSON object.</summary>
    public const int Malformed = 70003;

    /// <summary>The signature does not verify with the app's key (wrong key or tampered content).</summary>
    public const int SignatureMismatch = 70009;

    /// <summary>The identifier inside the userSig differs (case-insensitively, R2.1) from the one used.</summary>
    public const int IdentifierMismatch = 70013;

    /// <summary>The sdkAppId inside the userSig differs from the one used.</summary>
    public const int SdkAppIdMismatch = 70014;

    /// <summary>The app has no key of the kind this userSig needs (secret key for v2, public key for asymmetric).</summary>
    public const int NoKey = 70016;

    /// <summary>No app has this sdkAppId. Never returned by <see cref="UserSigVerifier"/>; used by callers that look the app up.</summary>
    public const int SdkAppIdNotFound = 70020;

    /// <summary>A short English description of a code, for logs and CLI output.</summary>
    public static string Describe(int code) => code switch
    {
        None => "The userSig is valid.",
        Expired => "The userSig has expired.",
        Empty => "The userSig is empty.",
        Malformed => "The userSig could not be decoded.",
        SignatureMismatch => "The userSig signature does not verify with the app's key.",
        IdentifierMismatch => "The identifier in the userSig differs from the identifier used.",
        SdkAppIdMismatch => "The sdkAppId in the userSig differs from the sdkAppId used.",
        NoKey => "The app has no key of the kind this userSig needs.",
        SdkAppIdNotFound => "No app has this sdkAppId.",
        _ => "Unknown userSig error.",
    };
}
