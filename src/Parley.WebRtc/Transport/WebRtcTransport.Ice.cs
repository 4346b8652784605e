using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Dtls;
using Parley.Stun;
using Parley.WebRtc.Ice;
using Parley.WebRtc.Io;

namespace Parley.WebRtc.Transport;

/// <summary>The ICE-lite half of the transport: answering checks, nominating the peer's address, ICE restart.</summary>
public sealed partial class WebRtcTransport
{
    /// <summary>
    /// Sets the peer's certificate fingerprint when the transport was created without it (the server offered first,
    /// and the fingerprint arrives in the peer's answer). Until then the transport answers no ICE check, so the peer's
    /// DTLS cannot start early; should a handshake still complete without a fingerprint it fails and closes the
    /// transport (<see cref="TransportCloseReason.DtlsFailed"/>).
    /// Setting the same fingerprint again is a no-op.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another fingerprint is already set, or the transport is closed.</exception>
    public void SetRemoteFingerprint(DtlsFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        DtlsSrtpEndpoint? dtls;
        lock (_stateLock)
        {
            if (_state == WebRtcTransportState.Closed)
            {
                throw new InvalidOperationException("The transport is closed.");
            }

            if (_remoteFingerprint is { } existing && !existing.Equals(fingerprint))
            {
                throw new InvalidOperationException("The remote DTLS fingerprint is already set to another value.");
            }

            _remoteFingerprint = fingerprint;
            dtls = _dtls;
        }

        // Under the state lock CreateDtlsEndpoint reads _remoteFingerprint, so an endpoint created before this call
        // is told here and one created after got it at construction.
        dtls?.SetExpectedRemoteFingerprint(fingerprint);
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9, RFC 8839 §4.4.1.1.1): new local ufrag/password for the next offer or answer, on the
    /// same transport — DTLS and SRTP state are kept and media keeps flowing. Checks naming the previous ufrag are
    /// still answered until the first valid check names the new one; from then on the old ufrag is refused.
    /// </summary>
    /// <param name="remoteUsernameFragment">
    /// The peer's new ufrag when already known (an ICE restart changes both sides'); checks for the new credentials
    /// that name another sender are then rejected. Null accepts any sender ufrag for the new credentials.
    /// </param>
    /// <returns>The new local credentials (also <see cref="LocalIce"/> from now on).</returns>
    /// <exception cref="InvalidOperationException">The transport is closed.</exception>
    public IceCredentials RestartIce(string? remoteUsernameFragment = null)
    {
        IceCredentials credentials;
        do
        {
            ThrowIfClosed();
            credentials = IceCredentials.CreateRandom();
        }
        while (!_listener.TryAddUsernameFragment(this, credentials.UsernameFragment)); // a collision (2^-48): draw again

        var generation = new IceGeneration(credentials, remoteUsernameFragment);
        IceGeneration? dropped;
        bool closed;
        lock (_stateLock)
        {
            closed = _state == WebRtcTransportState.Closed;
            dropped = closed ? generation : _retiringIce;
            if (!closed)
            {
                // A restart while the previous one is still retiring drops the oldest: only the last two are answered.
                _retiringIce = _ice;
                Volatile.Write(ref _ice, generation);
            }
        }

        if (dropped is not null)
        {
            ForgetIce(dropped);
        }

        if (closed)
        {
            throw new InvalidOperationException("The transport is closed.");
        }

        WebRtcLog.IceRestarted(_logger, Id, credentials.UsernameFragment);
        return credentials;
    }

    // https://www.rfc-editor.org/rfc/rfc8445#section-7.3 — a lite agent answers checks; a check with
    // USE-CANDIDATE from the controlling peer nominates that pair (§7.3.1.5, §8.2).
    /// <summary>A Binding request that arrived over UDP on <paramref name="socket"/> from <paramref name="source"/> (the loop's reusable address).</summary>
    internal void OnBindingRequest(in StunMessage request, SocketAddress source, Socket socket) => OnBindingRequest(request, source, socket, connection: null);

    /// <summary>
    /// A Binding request that arrived over an ICE-TCP connection (RFC 6544 §7.1: checks run over the connection, and the
    /// answer goes back on it). The first valid check binds the connection to this transport, so its DTLS and SRTP
    /// frames reach it; a connection already bound to another transport is refused.
    /// </summary>
    internal void OnBindingRequest(in StunMessage request, Tcp.IceTcpConnection connection) => OnBindingRequest(request, connection.Address, socket: null, connection);

    private void OnBindingRequest(in StunMessage request, SocketAddress source, Socket? socket, Tcp.IceTcpConnection? connection)
    {
        var current = Volatile.Read(ref _ice);
        var retiring = Volatile.Read(ref _retiringIce);
        IceGeneration? matched;
        try
        {
            // A lite agent only answers valid checks; anything else is dropped without an error response.
            matched = Validates(request, current) ? current
                : retiring is not null && Validates(request, retiring) ? retiring
                : null;
        }
        catch (ObjectDisposedException)
        {
            return; // Close (or a retirement) won the race and disposed the key: nothing to answer with.
        }

        if (matched is null)
        {
            _counters.Drop(DropReason.BadStun);
            return;
        }

        if (Volatile.Read(ref _remoteFingerprint) is null)
        {
            // A server-offered transport whose answer (and with it the peer's fingerprint) has not arrived: the browser
            // starts DTLS the moment ICE succeeds, and a handshake that ends before the fingerprint is known must fail.
            // Staying silent holds ICE back instead; the peer retransmits its check and succeeds once the answer is in.
            _counters.Drop(DropReason.AwaitingFingerprint);
            return;
        }

        if (connection is not null && !connection.TryBind(this))
        {
            _counters.Drop(DropReason.BadStun); // one connection carries one transport's checks (RFC 6544 §7.1)
            return;
        }

        if (retiring is not null && ReferenceEquals(matched, current))
        {
            RetireIce(retiring); // the peer has switched to the restarted credentials
        }

        _counters.StunRequest();
        Volatile.Write(ref _lastHeardTimestamp, _environment.TimeProvider.GetTimestamp());
        DtlsSrtpEndpoint? startDtls = null;
        lock (_stateLock)
        {
            if (_state == WebRtcTransportState.Closed)
            {
                return;
            }

            var path = _path;
            bool known = connection is null
                ? path is UdpPeerPath udp && udp.Address.Equals(source)
                : ReferenceEquals(path, connection);
            if (!known && (path is null || request.HasUseCandidate))
            {
                PeerPath selected;
                if (connection is null)
                {
                    var copy = CloneAddress(source);
                    _boundAddresses.Add(copy);
                    _listener.AddRemoteAddress(this, copy);
                    selected = new UdpPeerPath(socket!, copy);
                }
                else
                {
                    selected = connection;
                }

                Volatile.Write(ref _path, selected);
                WebRtcLog.RemoteSelected(_logger, Id, (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(selected.Address), selected.Protocol, request.HasUseCandidate);
            }

            if (_state == WebRtcTransportState.New)
            {
                _state = WebRtcTransportState.Connecting;
                _dtls = CreateDtlsEndpoint();
                startDtls = _dtls;
            }
        }

        Span<byte> response = stackalloc byte[IceLiteChecks.MaxResponseLength];
        try
        {
            int length = IceLiteChecks.WriteSuccessResponse(request, source, matched.PasswordKey, response);
            if (connection is null)
            {
                DatagramSend.SendTo(socket!, response[..length], source);
            }
            else
            {
                connection.Send(response[..length], owner: null);
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed since the check was validated: the key is gone and the peer gets no answer.
        }

        if (startDtls is not null)
        {
            StateChanged?.Invoke(this, WebRtcTransportState.Connecting);
            _ = RunDtlsHandshakeAsync(startDtls);
        }
    }

    /// <summary>
    /// The ICE-TCP connection <paramref name="connection"/> closed: when it was the nominated path, the transport has no
    /// way to the peer until another check arrives (sends fail and are counted; consent expiry closes it if none does).
    /// </summary>
    internal void OnConnectionClosed(Tcp.IceTcpConnection connection)
    {
        if (ReferenceEquals(Interlocked.CompareExchange(ref _path, null, (PeerPath)connection), connection))
        {
            WebRtcLog.PathLost(_logger, Id);
        }
    }

    private static bool Validates(in StunMessage request, IceGeneration generation) =>
        IceBindingRequestValidator.Validate(request, generation.Credentials.UsernameFragmentUtf8.Span, generation.PasswordKey, out var remoteUfrag) == IceBindingRequestStatus.Valid
        && RemoteUfragMatches(remoteUfrag, generation.RemoteUsernameFragment);

    private static bool RemoteUfragMatches(ReadOnlySpan<byte> remoteUfrag, string? expected)
    {
        if (string.IsNullOrEmpty(expected))
        {
            return true;
        }

        if (remoteUfrag.Length != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < remoteUfrag.Length; i++)
        {
            if (remoteUfrag[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private void RetireIce(IceGeneration retiring)
    {
        lock (_stateLock)
        {
            if (!ReferenceEquals(_retiringIce, retiring))
            {
                return; // another loop thread retired it first
            }

            _retiringIce = null;
        }

        ForgetIce(retiring);
        WebRtcLog.IceRetired(_logger, Id, retiring.Credentials.UsernameFragment);
    }

    /// <summary>Stops routing a generation's ufrag here and disposes its key (a check still validating with it sees ObjectDisposedException).</summary>
    private void ForgetIce(IceGeneration generation)
    {
        _listener.RemoveUsernameFragment(this, generation.Credentials.UsernameFragment);
        generation.PasswordKey.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (State == WebRtcTransportState.Closed)
        {
            throw new InvalidOperationException("The transport is closed.");
        }
    }



    /// <summary>One set of local ICE credentials, its prepared HMAC key, and the sender ufrag expected with it.</summary>
    private sealed class IceGeneration(IceCredentials credentials, string? remoteUsernameFragment)
    {
        public IceCredentials Credentials { get; } = credentials;

        public StunMessageIntegrityKey PasswordKey { get; } = new(credentials.PasswordKey.Span);

        public string? RemoteUsernameFragment { get; } = remoteUsernameFragment;
    }
}
