using Parley.Signaling.Grains;
using Parley.Signaling.Login;

namespace Parley.Signaling.Rooms;

/// <summary>Kicks through the user grain, which serializes the kick with the user's own room operations (R3.3).</summary>
internal sealed class RoomAdministration(IGrainFactory grainFactory) : IRoomAdministration
{
    public Task<bool> KickAsync(long sdkAppId, long roomId, string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        if (!IdentifierRules.IsValid(identifier))
        {
            return Task.FromResult(false);
        }
        return grainFactory.GetGrain<IUserGrain>(GrainKeys.User(sdkAppId, IdentifierRules.Key(identifier))).Kick(roomId).WaitAsync(cancellationToken);
    }
}
