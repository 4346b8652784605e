namespace Parley.Server.Admin;

/// <summary>Body of <c>POST /api/apps/{sdkAppId}/rooms/{roomId}/remove-users</c>: 1–100 identifiers (case-insensitive, R2.1).</summary>
public sealed record RemoveUsersRequest(IReadOnlyList<string?>? Identifiers);
