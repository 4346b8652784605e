namespace Parley.Cli.Admin;

/// <summary>An error answer of the admin API: the Parley error code (ErrorCodes) and HTTP status.</summary>
internal sealed class AdminApiException(int statusCode, int code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public int Code { get; } = code;
}
