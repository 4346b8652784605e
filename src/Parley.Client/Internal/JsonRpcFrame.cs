using System.Text.Json;

namespace Parley.Client.Internal;

/// <summary>What kind of JSON-RPC message a server frame is.</summary>
internal enum JsonRpcFrameKind
{
    /// <summary>An answer to one of our requests: <c>id</c> plus <c>result</c> or <c>error</c>.</summary>
    Response,
    /// <summary>A server notification: <c>method</c>, optional <c>params</c>, no <c>id</c>.</summary>
    Notification,
    /// <summary>An error with a null id: the server could not read one of our frames at all.</summary>
    OrphanError,
}

/// <summary>
/// One parsed server frame. The elements point into <see cref="Document"/>, so they are valid only until
/// <see cref="Dispose"/>; the frame's owner (the receive loop) reads everything it needs before disposing.
/// </summary>
internal readonly struct JsonRpcFrame : IDisposable
{
    private JsonRpcFrame(JsonDocument document, JsonRpcFrameKind kind, long id, string? method, JsonElement payload)
    {
        Document = document;
        Kind = kind;
        Id = id;
        Method = method;
        Payload = payload;
    }

    public JsonDocument Document { get; }
    public JsonRpcFrameKind Kind { get; }
    /// <summary>The request id a <see cref="JsonRpcFrameKind.Response"/> answers.</summary>
    public long Id { get; }
    /// <summary>The notification name of a <see cref="JsonRpcFrameKind.Notification"/>.</summary>
    public string? Method { get; }
    /// <summary><c>result</c>, <c>error</c> or <c>params</c>; <see cref="JsonValueKind.Undefined"/> when a notification has no params.</summary>
    public JsonElement Payload { get; }
    /// <summary>True when <see cref="Payload"/> is an error object rather than a result.</summary>
    public bool IsError { get; init; }

    public void Dispose() => Document?.Dispose();

    // JSON-RPC 2.0 response and notification objects: https://www.jsonrpc.org/specification#response_object
    // and https://www.jsonrpc.org/specification#notification. Never throws: anything that is not one of the
    // three kinds we understand (including server-to-client requests, which the protocol does not have) is rejected.
    public static bool TryParse(ReadOnlyMemory<byte> utf8, out JsonRpcFrame frame)
    {
        frame = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return false;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("jsonrpc"u8, out var version)
            || version.ValueKind != JsonValueKind.String
            || !version.ValueEquals("2.0"u8))
        {
            document.Dispose();
            return false;
        }

        var hasId = root.TryGetProperty("id"u8, out var idElement);
        if (root.TryGetProperty("method"u8, out var method))
        {
            if (hasId || method.ValueKind != JsonValueKind.String)
            {
                document.Dispose();
                return false;
            }
            root.TryGetProperty("params"u8, out var parameters);
            frame = new JsonRpcFrame(document, JsonRpcFrameKind.Notification, 0, method.GetString(), parameters);
            return true;
        }

        var hasError = root.TryGetProperty("error"u8, out var error) && error.ValueKind == JsonValueKind.Object;
        var hasResult = root.TryGetProperty("result"u8, out var result);
        if (hasError == hasResult || !hasId)
        {
            document.Dispose();
            return false;
        }

        if (idElement.ValueKind == JsonValueKind.Null && hasError)
        {
            frame = new JsonRpcFrame(document, JsonRpcFrameKind.OrphanError, 0, null, error) { IsError = true };
            return true;
        }
        if (idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt64(out var id))
        {
            document.Dispose();
            return false;
        }
        frame = hasError
            ? new JsonRpcFrame(document, JsonRpcFrameKind.Response, id, null, error) { IsError = true }
            : new JsonRpcFrame(document, JsonRpcFrameKind.Response, id, null, result);
        return true;
    }

    /// <summary>Turns an <c>error</c> object into a <see cref="ParleyException"/>; tolerant of missing members.</summary>
    public static ParleyException ToException(JsonElement error)
    {
        var code = error.TryGetProperty("code"u8, out var codeElement) && codeElement.ValueKind == JsonValueKind.Number
            && codeElement.TryGetInt32(out var parsed)
            ? parsed
            : Protocol.Errors.ErrorCodes.InternalError;
        var message = error.TryGetProperty("message"u8, out var messageElement) && messageElement.ValueKind == JsonValueKind.String
            ? messageElement.GetString()!
            : Protocol.Errors.ErrorCodes.Describe(code);
        var data = error.TryGetProperty("data"u8, out var dataElement) ? dataElement.GetRawText() : null;
        return new ParleyException(code, message) { ErrorData = data };
    }
}
