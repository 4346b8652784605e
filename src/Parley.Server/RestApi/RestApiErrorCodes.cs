namespace Parley.Server.RestApi;

/// <summary>
/// Error codes of the vendor-compatible REST API (product-rules §7; docs/errors.md "REST API"). userSig failures keep
/// the 700xx codes of login (R2.2), as the vendor's REST API does.
/// </summary>
public static class RestApiErrorCodes
{
    /// <summary>Unknown <c>{service}/{command}</c>.</summary>
    public const int InvalidCommand = 10003;

    /// <summary>A required field is missing or has the wrong type or value; ErrorInfo names it.</summary>
    public const int InvalidParameter = 10004;

    /// <summary>The body is not a JSON object.</summary>
    public const int JsonParseError = 60003;

    /// <summary>The query string lacks sdkappid/identifier/usersig, or identifier is not the app admin.</summary>
    public const int NeedsAppAdmin = 60010;

    /// <summary>
    /// The vendor's "REST API call frequency over the limit": this client address is over <c>Limits:RestPerAddress</c>
    /// (docs/limits.md). HTTP 200 with Retry-After.
    /// </summary>
    public const int FrequencyLimited = 60007;

    /// <summary>The vendor's "SDKAppID request frequency over the limit": the app is over <c>Limits:RestPerApp</c>. HTTP 200 with Retry-After.</summary>
    public const int AppFrequencyLimited = 60011;

    /// <summary>The account was never imported nor logged in (vendor: "account not found").</summary>
    public const int AccountNotFound = 70107;
}
