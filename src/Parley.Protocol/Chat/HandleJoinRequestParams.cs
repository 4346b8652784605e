namespace Parley.Protocol.Chat;

/// <summary>Params of <c>handleJoinRequest</c>: an owner or admin approves or rejects <paramref name="Applicant"/>'s request.</summary>
public sealed record HandleJoinRequestParams(string GroupId, string Applicant, bool Approve, string? Reason = null);
