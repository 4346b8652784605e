using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Server.RestApi;

/// <summary>
/// One authenticated REST call: the app and the JSON body. Field readers are lenient the way the vendor is (unknown
/// fields ignored, numbers given as strings accepted) and name the field when it is missing or wrong.
/// </summary>
public sealed class RestApiRequest(long sdkAppId, JsonObject body)
{
    public long SdkAppId { get; } = sdkAppId;

    public JsonObject Body { get; } = body;

    /// <summary>The string field <paramref name="name"/> (the first of the names given that is present), or null.</summary>
    public string? OptionalString(params string[] names)
    {
        foreach (var name in names)
        {
            if (StringOf(Body[name]) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>The string a JSON node holds; null for anything else (absent, a number, an object).</summary>
    public static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>The string field <paramref name="name"/> of an array item such as <c>{"Member_Account": …}</c>, or null.</summary>
    public static string? FieldOf(JsonNode? item, string name) => StringOf((item as JsonObject)?[name]);

    /// <summary>An integer field given as a number or a numeric string; <paramref name="fallback"/> when absent.</summary>
    public long OptionalInteger(string name, long fallback) =>
        Body[name] is JsonValue value && (value.TryGetValue<long>(out var number) || (value.TryGetValue<string>(out var text) && long.TryParse(text, out number)))
            ? number
            : fallback;

    /// <summary>The array field <paramref name="name"/>, or null when absent or not an array.</summary>
    public JsonArray? OptionalArray(string name) => Body[name] as JsonArray;

    /// <summary>
    /// Whether the body's <c>ForbidCallbackControl</c> (the vendor's array of callback names a send skips) names
    /// <paramref name="callback"/>, e.g. <c>ForbidBeforeSendMsgCallback</c> (docs/callbacks.md §4).
    /// </summary>
    public bool ForbidsCallback(string callback) =>
        OptionalArray("ForbidCallbackControl") is { } forbidden && forbidden.Any(item => StringOf(item) == callback);

    public static RestApiResult Missing(string field) =>
        RestApiResult.Fail(RestApiErrorCodes.InvalidParameter, $"{field} is missing or invalid");
}
