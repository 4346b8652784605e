using System.Net;

namespace Parley.WebRtc.Transport;

/// <summary>
/// What a <see cref="WebRtcTransport"/> tells the port that routes datagrams to it (mediasoup's
/// <c>WebRtcTransport::Listener</c>, which its <c>WebRtcServer</c> implements): which ICE ufrags and peer addresses
/// lead to it, and that it is gone. The transport never sees the concrete port. Calls may come from any thread.
/// </summary>
internal interface IWebRtcTransportListener
{
    /// <summary>Routes STUN checks naming <paramref name="usernameFragment"/> to the transport; false when another transport holds it.</summary>
    bool TryAddUsernameFragment(WebRtcTransport transport, string usernameFragment);

    /// <summary>Stops routing checks for <paramref name="usernameFragment"/> (after an ICE restart, or on close).</summary>
    void RemoveUsernameFragment(WebRtcTransport transport, string usernameFragment);

    /// <summary>Routes packets from <paramref name="address"/> to the transport (a valid ICE check came from it).</summary>
    void AddRemoteAddress(WebRtcTransport transport, SocketAddress address);

    void RemoveRemoteAddress(WebRtcTransport transport, SocketAddress address);

    /// <summary>The transport closed; forget it.</summary>
    void OnTransportClosed(WebRtcTransport transport);
}
