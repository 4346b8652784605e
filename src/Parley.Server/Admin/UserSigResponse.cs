using Parley.Server.Apps;

namespace Parley.Server.Admin;

/// <summary>Answer of <c>POST /api/apps/{sdkAppId}/usersig</c>: the userSig and when it stops verifying.</summary>
public sealed record UserSigResponse(long SdkAppId, string Identifier, string UserSig, long ExpireSeconds, DateTimeOffset ExpiresAt)
{
    public static UserSigResponse From(IssuedUserSig issued) =>
        new(issued.SdkAppId, issued.Identifier, issued.UserSig, issued.ExpireSeconds, issued.ExpiresAt);
}
