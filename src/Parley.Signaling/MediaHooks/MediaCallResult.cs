namespace Parley.Signaling.MediaHooks;

/// <summary>
/// What a media method answers: a JSON <c>result</c> (a complete JSON value, usually an object, serialized by the
/// handler through <c>ProtocolJsonContext</c>) or an error code from <c>Parley.Protocol.Errors.ErrorCodes</c>.
/// </summary>
public sealed class MediaCallResult
{
    private MediaCallResult(string? resultJson, int errorCode, string? errorMessage)
    {
        ResultJson = resultJson;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The <c>result</c> JSON when <see cref="ErrorCode"/> is 0.</summary>
    public string? ResultJson { get; }

    public int ErrorCode { get; }

    /// <summary>Null for the catalog's default message.</summary>
    public string? ErrorMessage { get; }

    /// <summary>A success whose <c>result</c> is <paramref name="resultJson"/> (e.g. <c>"{}"</c>).</summary>
    public static MediaCallResult Ok(string resultJson = "{}")
    {
        ArgumentException.ThrowIfNullOrEmpty(resultJson);
        return new MediaCallResult(resultJson, 0, null);
    }

    public static MediaCallResult Error(int errorCode, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errorCode);
        return new MediaCallResult(null, errorCode, message);
    }
}
