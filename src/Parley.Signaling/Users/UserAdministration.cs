using Parley.Signaling.Grains;
using Parley.Signaling.Login;

namespace Parley.Signaling.Users;

/// <summary>Through the user grain, so a kick is serialized with the user's own logins and room operations.</summary>
internal sealed class UserAdministration(IGrainFactory grainFactory) : IUserAdministration
{
    public Task<string?> GetOnlinePlatformAsync(long sdkAppId, string identifier, CancellationToken cancellationToken = default) =>
        IdentifierRules.IsValid(identifier) ? User(sdkAppId, identifier).GetOnlinePlatform().WaitAsync(cancellationToken) : Task.FromResult<string?>(null);

    public Task<bool> KickOfflineAsync(long sdkAppId, string identifier, CancellationToken cancellationToken = default) =>
        IdentifierRules.IsValid(identifier) ? User(sdkAppId, identifier).KickOffline().WaitAsync(cancellationToken) : Task.FromResult(false);

    private IUserGrain User(long sdkAppId, string identifier) =>
        grainFactory.GetGrain<IUserGrain>(GrainKeys.User(sdkAppId, IdentifierRules.Key(identifier)));
}
