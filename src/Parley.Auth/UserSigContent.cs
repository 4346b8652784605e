using System.Buffers;

namespace Parley.Auth;

/// <summary>
/// The decoded, <b>unauthenticated</b> content of a userSig of either format. Obtained with
/// <see cref="TryDecode"/>; only <see cref="UserSigVerifier"/> establishes that it is genuine. Useful for
/// diagnostics ("which identifier is this sig for?") and tests.
/// </summary>
public sealed class UserSigContent
{
    // Largest Unix time a DateTimeOffset can hold (9999-12-31T23:59:59Z).
    internal const long MaxUnixSeconds = 253_402_300_799;

    internal UserSigContent(UserSigFormat format, string identifier, NumericField sdkAppId, NumericField time, NumericField expire, string signature, byte[] signatureBytes)
    {
        Format = format;
        Identifier = identifier;
        SdkAppIdField = sdkAppId;
        TimeField = time;
        ExpireField = expire;
        Signature = signature;
        SignatureBytes = signatureBytes;
    }

    public UserSigFormat Format { get; }

    /// <summary><c>TLS.identifier</c> exactly as signed (its case may differ from the identifier used at login).</summary>
    public string Identifier { get; }

    /// <summary><c>TLS.sdkappid</c> (v2) or <c>TLS.sdk_appid</c> (asymmetric).</summary>
    public long SdkAppId => SdkAppIdField.Value;

    /// <summary><c>TLS.time</c>: Unix seconds at generation.</summary>
    public long Time => TimeField.Value;

    /// <summary><c>TLS.expire</c> (v2) or <c>TLS.expire_after</c> (asymmetric): validity duration in seconds.</summary>
    public long Expire => ExpireField.Value;

    /// <summary><c>TLS.sig</c> as written in the JSON (standard base64).</summary>
    public string Signature { get; }

    /// <summary><c>TLS.userbuf</c> as written in the JSON (standard base64), v2 only; null when absent.</summary>
    public string? UserBufBase64 { get; init; }

    /// <summary>The decoded <c>TLS.userbuf</c>, v2 only; null when absent.</summary>
    public byte[]? UserBuf { get; init; }

    /// <summary><c>TLS.account_type</c>, asymmetric only.</summary>
    public string? AccountType { get; init; }

    /// <summary><c>TLS.appid_at_3rd</c>, asymmetric only.</summary>
    public string? AppIdAt3rd { get; init; }

    /// <summary><c>TLS.ver</c> (v2, "2.0") or <c>TLS.version</c> (asymmetric, optional).</summary>
    public string? Version { get; init; }

    public DateTimeOffset IssuedAt => DateTimeOffset.FromUnixTimeSeconds(Time);

    /// <summary><c>time + expire</c>, clamped to <see cref="DateTimeOffset.MaxValue"/>. Expired when now is later (R2.3).</summary>
    public DateTimeOffset ExpiresAt => Expire > MaxUnixSeconds - Time
        ? DateTimeOffset.MaxValue
        : DateTimeOffset.FromUnixTimeSeconds(Time + Expire);

    // The numeric fields keep the text they were written with, because the signed text is built from it.
    internal NumericField SdkAppIdField { get; }

    internal NumericField TimeField { get; }

    internal NumericField ExpireField { get; }

    internal byte[] SignatureBytes { get; }

    /// <summary>
    /// Decodes a userSig of either format without verifying it. Returns false for anything that is not a
    /// well-formed userSig (what <see cref="UserSigVerifier"/> reports as 70002/70003). Never throws.
    /// </summary>
    public static bool TryDecode(string? userSig, out UserSigContent? content)
    {
        content = null;
        if (string.IsNullOrEmpty(userSig))
        {
            return false;
        }

        // Rented here, returned in the finally block; the parser copies what it keeps into strings/arrays.
        byte[] json = ArrayPool<byte>.Shared.Rent(UserSigEnvelope.MaxJsonBytes + 1);
        try
        {
            return UserSigEnvelope.TryInflate(userSig, json, out int jsonLength)
                && UserSigJsonParser.TryParse(json.AsSpan(0, jsonLength), out content);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(json);
        }
    }
}
