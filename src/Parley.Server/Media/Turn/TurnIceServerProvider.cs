using System.Globalization;
using Microsoft.Extensions.Options;
using Parley.Protocol.Messages;
using Parley.Signaling.MediaHooks;

namespace Parley.Server.Media.Turn;

/// <summary>
/// The <c>iceServers</c> of login and resume answers from <c>Media:Turn</c>: one entry with every configured URL and
/// credentials for this session (TURN REST API convention, expiring after <see cref="TurnOptions.CredentialLifetime"/>).
/// The user id in the username is "&lt;sdkAppId&gt;-&lt;identifier&gt;", so coturn's logs name who relayed.
/// </summary>
internal sealed class TurnIceServerProvider(IOptions<TurnOptions> options, TimeProvider time) : IIceServerProvider
{
    private readonly TurnOptions _options = options.Value;

    public IReadOnlyList<IceServer> GetIceServers(long sdkAppId, string identifier)
    {
        if (_options.Urls.Count == 0)
        {
            return [];
        }

        var urls = _options.Urls.ToList();
        if (string.IsNullOrEmpty(_options.StaticAuthSecret))
        {
            return [new IceServer(urls)]; // STUN only (validation requires a secret for any turn: URL)
        }

        var userId = sdkAppId.ToString(CultureInfo.InvariantCulture) + "-" + identifier;
        var (username, credential) = TurnRestCredentials.Create(_options.StaticAuthSecret, userId, time.GetUtcNow() + _options.CredentialLifetime);
        return [new IceServer(urls, username, credential)];
    }
}
