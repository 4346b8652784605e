using Microsoft.Extensions.Logging;
using Parley.Dtls;
using Parley.Srtp;

namespace Parley.WebRtc.Transport;

/// <summary>The DTLS half of the transport: handshake in the server role, then SRTP keys from the exporter.</summary>
public sealed partial class WebRtcTransport
{
    private DtlsSrtpEndpoint? _dtls;

    /// <summary>Builds the DTLS endpoint; called under the state lock when the first valid check arrives.</summary>
    private DtlsSrtpEndpoint CreateDtlsEndpoint()
    {
        var options = new DtlsOptions
        {
            SrtpProfiles = [.. SrtpProfiles],
            HandshakeTimeout = _environment.ConnectTimeout,
        };
        var endpoint = new DtlsSrtpEndpoint(
            DtlsRole.Server,
            _environment.Certificate,
            _remoteFingerprint,
            new TransportDatagramSender(this),
            options,
            _environment.LoggerFactory.CreateLogger<DtlsSrtpEndpoint>());
        endpoint.PeerClosed += (_, _) => Close(TransportCloseReason.PeerClosed);
        return endpoint;
    }

    private async Task RunDtlsHandshakeAsync(DtlsSrtpEndpoint endpoint)
    {
        try
        {
            var result = await endpoint.HandshakeAsync().ConfigureAwait(false);
            var srtp = SrtpSession.FromKeyingMaterial(result.SrtpProfile, result.KeyingMaterial, result.IsClient);
            SetConnected(srtp);
        }
        catch (Exception ex) when (ex is DtlsHandshakeException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            if (State != WebRtcTransportState.Closed)
            {
                WebRtcLog.DtlsFailed(_logger, Id, ex);
                Close(TransportCloseReason.DtlsFailed);
            }
        }
    }

    /// <summary>Sends DTLS records to the nominated address through the shared socket.</summary>
    private sealed class TransportDatagramSender(WebRtcTransport transport) : IDatagramSender
    {
        public void Send(ReadOnlySpan<byte> datagram) => transport.SendRaw(datagram);
    }
}
