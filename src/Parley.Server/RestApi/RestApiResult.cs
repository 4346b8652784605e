using System.Text.Json.Nodes;

namespace Parley.Server.RestApi;

/// <summary>
/// What a command answers: a payload merged into the vendor's envelope <c>{ActionStatus, ErrorCode, ErrorInfo, …}</c>
/// (product-rules §7), always with HTTP 200.
/// </summary>
public sealed class RestApiResult
{
    private RestApiResult(int errorCode, string errorInfo, JsonObject? payload)
    {
        ErrorCode = errorCode;
        ErrorInfo = errorInfo;
        Payload = payload;
    }

    public int ErrorCode { get; }

    public string ErrorInfo { get; }

    public JsonObject? Payload { get; }

    public static RestApiResult Ok(JsonObject? payload = null) => new(0, "", payload);

    public static RestApiResult Fail(int errorCode, string errorInfo) => new(errorCode, errorInfo, null);

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
