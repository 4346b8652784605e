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

    /// <summary>Creates an exception with the catalog's default message for <paramref name="code"/>.</summary>
    public static ParleyException FromCode(int code) => new(code, ErrorCodes.Describe(code));

    public override string ToString() => $"ParleyException {Code}: {Message}";
}
