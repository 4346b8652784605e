using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Parley.Signaling.JsonRpc;

/// <summary>
/// Writes JSON-RPC 2.0 responses and notifications (https://www.jsonrpc.org/specification#response_object).
/// Payloads are serialized with the source-generated metadata of <c>ProtocolJsonContext</c>, so the wire shape has one definition.
/// </summary>
internal static class JsonRpcWriter
{
    // One scratch buffer per thread: the writer methods are synchronous, so the buffer is owned by the calling
    // method from Clear() until its bytes are copied out, and never escapes.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>A success response. <paramref name="rawId"/> is the request id's JSON text.</summary>
    public static byte[] Result<T>(string rawId, T result, JsonTypeInfo<T> typeInfo)
    {
        var buffer = Scratch();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WritePropertyName("id"u8);
            writer.WriteRawValue(rawId, skipInputValidation: true);
            writer.WritePropertyName("result"u8);
            JsonSerializer.Serialize(writer, result, typeInfo);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A success response whose result is already JSON (from the media handler); validated as it is written.</summary>
    public static byte[] RawResult(string rawId, string resultJson)
    {
        var buffer = Scratch();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WritePropertyName("id"u8);
            writer.WriteRawValue(rawId, skipInputValidation: true);
            writer.WritePropertyName("result"u8);
            writer.WriteRawValue(resultJson);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An error response; <paramref name="rawId"/> null writes <c>"id":null</c>.</summary>
    public static byte[] Error(string? rawId, int code, string message) => Error(rawId, code, message, null, null);

    /// <summary>
    /// An error response of an abuse limit (docs/limits.md) with <c>error.data = {"limit": …, "retryAfterMs": …}</c>;
    /// <c>retryAfterMs</c> is left out when <paramref name="retryAfterMs"/> is null.
    /// </summary>
    public static byte[] LimitError(string rawId, int code, string message, string limit, long? retryAfterMs) =>
        Error(rawId, code, message, limit, retryAfterMs);

    private static byte[] Error(string? rawId, int code, string message, string? limit, long? retryAfterMs)
    {
        var buffer = Scratch();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WritePropertyName("id"u8);
            if (rawId is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(rawId, skipInputValidation: true);
            }
            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, code);
            writer.WriteString("message"u8, message);
            if (limit is not null)
            {
                writer.WriteStartObject("data"u8);
                writer.WriteString("limit"u8, limit);
                if (retryAfterMs is { } wait)
                {
                    writer.WriteNumber("retryAfterMs"u8, wait);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A notification (server event) as UTF-8 bytes.</summary>
    public static byte[] Notification<T>(string method, T parameters, JsonTypeInfo<T> typeInfo)
    {
        WriteNotification(Scratch(), method, parameters, typeInfo);
        return t_scratch!.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A notification as a string: room grains build each event once and hand the same immutable string to every
    /// member's observer (strings cross Orleans calls without copying).
    /// </summary>
    public static string NotificationText<T>(string method, T parameters, JsonTypeInfo<T> typeInfo)
    {
        var buffer = Scratch();
        WriteNotification(buffer, method, parameters, typeInfo);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteNotification<T>(ArrayBufferWriter<byte> buffer, string method, T parameters, JsonTypeInfo<T> typeInfo)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        writer.WriteString("method"u8, method);
        writer.WritePropertyName("params"u8);
        JsonSerializer.Serialize(writer, parameters, typeInfo);
        writer.WriteEndObject();
    }

    private static ArrayBufferWriter<byte> Scratch()
    {
        var buffer = t_scratch ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        return buffer;
    }
}
