using Parley.Protocol.Messages;

namespace Parley.Signaling.MediaHooks;

/// <summary>
/// Hands each session the ICE servers its peer connections should use, in the <c>login</c> and <c>resume</c> answers
/// (docs/protocol.md §4.1). The host registers one (Parley.Server's TURN settings, <c>Media:Turn</c>); without one,
/// or when it returns an empty list, the answers carry no <c>iceServers</c>. Called once per login or resume; must
/// be cheap and must not throw.
/// </summary>
public interface IIceServerProvider
{
    /// <summary>The ICE servers for a session of <paramref name="identifier"/> in app <paramref name="sdkAppId"/>, with credentials issued now.</summary>
    IReadOnlyList<IceServer> GetIceServers(long sdkAppId, string identifier);
}
