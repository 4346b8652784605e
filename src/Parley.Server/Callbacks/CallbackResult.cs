namespace Parley.Server.Callbacks;

/// <summary>How a callback request went: <see cref="Succeeded"/> on a 2xx answer; else <see cref="Error"/> says why
/// (HTTP status, timeout, connection refused). <see cref="Answer"/> is the answer's text when it was asked for.</summary>
public sealed record CallbackResult(bool Succeeded, int Status, string? Error, string? Answer);
