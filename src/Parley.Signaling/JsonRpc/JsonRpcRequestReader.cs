using System.Text.Json;

namespace Parley.Signaling.JsonRpc;

/// <summary>
/// Parses one incoming WebSocket message as a JSON-RPC 2.0 request.
/// Spec: https://www.jsonrpc.org/specification#request_object (batches, §6, are not supported and are invalid here).
/// Never throws on any input.
/// </summary>
internal static class JsonRpcRequestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>
    /// Parses <paramref name="utf8"/>. On <see cref="JsonRpcParseStatus.Request"/> and
    /// <see cref="JsonRpcParseStatus.Notification"/> the caller owns <paramref name="document"/> and must dispose it;
    /// otherwise it is null. <paramref name="request"/> carries the id whenever one could be read, so errors can echo it.
    /// </summary>
    public static JsonRpcParseStatus TryRead(ReadOnlyMemory<byte> utf8, out JsonDocument? document, out JsonRpcRequest request)
    {
        request = default;
        document = null;
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException)
        {
            return JsonRpcParseStatus.ParseError;
        }
        catch (ArgumentException)
        {
            // Invalid UTF-8 surfaces as ArgumentException from the transcoder on some paths.
            return JsonRpcParseStatus.ParseError;
        }

        var root = parsed.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            parsed.Dispose();
            return JsonRpcParseStatus.InvalidRequest;
        }

        // The parser checks structure, not the UTF-8 inside strings; decoding a string with bad UTF-8 throws
        // InvalidOperationException, which for a request is simply "not a valid request".
        try
        {
            string? rawId = null;
            var hasId = root.TryGetProperty("id"u8, out var id);
            var idUsable = hasId && id.ValueKind is JsonValueKind.Number or JsonValueKind.String;
            if (idUsable)
            {
                rawId = id.GetRawText();
            }

            var versionOk = root.TryGetProperty("jsonrpc"u8, out var version)
                && version.ValueKind == JsonValueKind.String
                && version.ValueEquals("2.0"u8);
            var methodOk = root.TryGetProperty("method"u8, out var method) && method.ValueKind == JsonValueKind.String;
            var hasParams = root.TryGetProperty("params"u8, out var parameters) && parameters.ValueKind != JsonValueKind.Null;

            request = new JsonRpcRequest(rawId, methodOk ? method.GetString() : null, hasParams ? parameters : default, hasParams);
            if (!versionOk || !methodOk || (hasId && !idUsable))
            {
                parsed.Dispose();
                request = request with { Params = default, HasParams = false };
                return JsonRpcParseStatus.InvalidRequest;
            }
            document = parsed;
            return hasId ? JsonRpcParseStatus.Request : JsonRpcParseStatus.Notification;
        }
        catch (InvalidOperationException)
        {
            parsed.Dispose();
            request = default;
            return JsonRpcParseStatus.InvalidRequest;
        }
    }
}
