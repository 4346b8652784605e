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
            if (Body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                return value.GetValue<string>();
            }
        }

        return null;
    }

    /// <summary>An integer field given as a number or a numeric string; <paramref name="fallback"/> when absent.</summary>
    public long OptionalInteger(string name, long fallback) =>
        Body[name] is JsonValue value && (value.TryGetValue<long>(out var number) || (value.TryGetValue<string>(out var text) && long.TryParse(text, out number)))
            ? number
            : fallback;

    /// <summary>The array field <paramref name="name"/>, or null when absent or not an array.</summary>
    public JsonArray? OptionalArray(string name) => Body[name] as JsonArray;

    public static RestApiResult Missing(string field) =>
        RestApiResult.Fail(RestApiErrorCodes.InvalidParameter, $"{field} is missing or invalid");
}
