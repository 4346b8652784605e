using System.Text.Json.Nodes;

namespace Parley.Server.RestApi;

/// <summary>
/// What a command answers: a payload merged into the vendor's envelope <c>{ActionStatus, ErrorCode, ErrorInfo, …}</c>
/// (product-rules §7), always with HTTP 200; a refusal by an abuse limit (docs/limits.md) adds a Retry-After header and
/// <c>RetryAfterMs</c> in the envelope.
/// </summary>
public sealed class RestApiResult
{
    private RestApiResult(int errorCode, string errorInfo, JsonObject? payload, TimeSpan? retryAfter = null, bool limited = false)
    {
        ErrorCode = errorCode;
        ErrorInfo = errorInfo;
        Payload = payload;
        RetryAfter = retryAfter;
        IsLimited = limited;
    }

    public int ErrorCode { get; }

    public string ErrorInfo { get; }

    public JsonObject? Payload { get; }

    /// <summary>True for a refusal by an abuse limit: the request was not run (Retry-After header).</summary>
    public bool IsLimited { get; }

    /// <summary>When a refused call may succeed again (the Retry-After header, rounded up to seconds).</summary>
    public TimeSpan? RetryAfter { get; }

    public static RestApiResult Ok(JsonObject? payload = null) => new(0, "", payload);

    public static RestApiResult Fail(int errorCode, string errorInfo) => new(errorCode, errorInfo, null);

    /// <summary>A refusal by an abuse limit, with its code and retry-after hint.</summary>
    public static RestApiResult Limited(Parley.Signaling.Limits.LimitRefusal refusal, string errorInfo) =>
        new(refusal.Code, errorInfo, refusal.RetryAfterMs is { } ms ? new JsonObject { ["RetryAfterMs"] = ms } : null, refusal.RetryAfter, limited: true);

    /// <summary>The envelope with the payload's fields after it.</summary>
    public JsonObject ToJson()
    {
        var envelope = new JsonObject
        {
            ["ActionStatus"] = ErrorCode == 0 ? "OK" : "FAIL",
            [nameof(ErrorCode)] = ErrorCode,
            [nameof(ErrorInfo)] = ErrorInfo,
        };
        if (Payload is not null)
        {
            foreach (var (name, value) in Payload.ToList())
            {
                Payload.Remove(name);
                envelope[name] = value;
            }
        }

        return envelope;
    }
}
