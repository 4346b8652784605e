using System.Text.Json;
using Parley.Protocol.Errors;

namespace Parley.Client;

/// <summary>
/// A failed Parley operation. <see cref="Code"/> is a code of the one catalog <see cref="ErrorCodes"/>: the server's
/// JSON-RPC <c>error.code</c> (70xxx userSig, -33xx room entry, 90xxx Parley) or a code the SDK raises itself
/// (<see cref="ErrorCodes.Timeout"/>, <see cref="ErrorCodes.ConnectionClosed"/>, <see cref="ErrorCodes.NotLoggedIn"/>).
/// Apps switch on <see cref="Code"/>; the message is for people.
/// </summary>
public sealed class ParleyException : Exception
{
    public ParleyException()
        : this(ErrorCodes.InternalError, ErrorCodes.Describe(ErrorCodes.InternalError))
    {
    }

    public ParleyException(string message)
        : this(ErrorCodes.InternalError, message)
    {
    }

    public ParleyException(string message, Exception innerException)
        : this(ErrorCodes.InternalError, message, innerException)
    {
    }

    public ParleyException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public ParleyException(int code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The catalog code (<see cref="ErrorCodes"/>).</summary>
    public int Code { get; }

    /// <summary>The raw JSON of the server's <c>error.data</c>, when it sent one.</summary>
    public string? ErrorData { get; init; }

    /// <summary>
    /// For a refusal by an abuse limit (codes 90040–90046, docs/limits.md): when the server expects a permit to be back
    /// (<c>error.data.retryAfterMs</c>); null for other errors. The SDK does not retry by itself: wait at least this long.
    /// </summary>
    public TimeSpan? RetryAfter => ReadData("retryAfterMs") is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var ms) && ms >= 0
        ? TimeSpan.FromMilliseconds(ms)
        : null;

    /// <summary>For a refusal by an abuse limit: the limit's name (<c>error.data.limit</c>, e.g. <c>login_ip</c>), else null.</summary>
    public string? Limit => ReadData("limit") is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>Creates an exception with the catalog's default message for <paramref name="code"/>.</summary>
    public static ParleyException FromCode(int code) => new(code, ErrorCodes.Describe(code));

    public override string ToString() => $"ParleyException {Code}: {Message}";

    private JsonElement? ReadData(string property)
    {
        if (string.IsNullOrEmpty(ErrorData))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(ErrorData);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value)
                ? value.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null; // error.data is the server's to shape; an unreadable one has no hint
        }
    }
}
