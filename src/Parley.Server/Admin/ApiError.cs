namespace Parley.Server.Admin;

/// <summary>The body of every admin API error: a code of <c>Parley.Protocol.Errors.ErrorCodes</c> and a message.</summary>
public sealed record ApiError(int Code, string Message);
