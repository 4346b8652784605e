using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Parley.Sdp;
using Parley.Srtp;
using Parley.WebRtc;
using Parley.WebRtc.Client;

namespace Parley.Client.Media;

/// <summary>
/// The C# side of the echo connection test: offers one Opus and one VP8 section (built with
/// <see cref="SdpOfferBuilder"/>) to <c>POST /api/echo</c>, connects the media transport (controlling ICE, DTLS
/// client, SRTP) and receives its own packets back decrypted through <see cref="PacketReceived"/>.
/// <see cref="DisposeAsync"/> ends the session with <c>DELETE</c> on the Location the server returned.
/// </summary>
public sealed class EchoClient : IAsyncDisposable
{
    public const byte OpusPayloadType = 111;
    public const byte Vp8PayloadType = 96;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly WebRtcClientConnection _connection;

    private EchoClient(HttpClient http, bool ownsHttp, WebRtcClientConnection connection, uint audioSsrc, uint videoSsrc)
    {
        _http = http;
        _ownsHttp = ownsHttp;
        _connection = connection;
        Audio = new RtpStreamSender(audioSsrc, OpusPayloadType, OpusPacketInfo.ClockRate, connection.SendRtp);
        Video = new RtpStreamSender(videoSsrc, Vp8PayloadType, 90000, connection.SendRtp);
        connection.RtpReceived += packet => PacketReceived?.Invoke(packet);
    }

    /// <summary>The Opus stream we send.</summary>
    public RtpStreamSender Audio { get; }

    /// <summary>The VP8 stream we send.</summary>
    public RtpStreamSender Video { get; }

    /// <summary>The media transport (stats, raw RTP/RTCP send).</summary>
    public WebRtcClientConnection Connection => _connection;

    /// <summary>The session's URL (<c>/api/echo/{id}</c>) from the 201's Location header.</summary>
    public Uri? Location { get; private set; }

    public string? AnswerSdp { get; private set; }

    public SrtpProfile? SrtpProfile => _connection.SrtpProfile;

    /// <summary>Echoed RTP, decrypted; the span is valid only during the call and runs on the receive loop.</summary>
    public event ClientPacketHandler? PacketReceived;

    /// <summary>Creates the session on <paramref name="serverBaseUri"/> and connects; throws <see cref="HttpRequestException"/> when the server refuses.</summary>
    public static async Task<EchoClient> ConnectAsync(Uri serverBaseUri, EchoClientOptions? options = null, HttpClient? httpClient = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverBaseUri);
        options ??= new EchoClientOptions();
        var http = httpClient ?? new HttpClient();
        var connection = new WebRtcClientConnection(options.BindAddress, socketBufferBytes: options.SocketBufferBytes, batchedIo: options.BatchedIo);
        var client = new EchoClient(http, httpClient is null, connection, RandomSsrc(), RandomSsrc());
        try
        {
            await client.NegotiateAndConnectAsync(serverBaseUri, options, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's stats JSON for this session (<c>GET /api/echo/{id}/stats</c>).</summary>
    public async Task<string> GetServerStatsJsonAsync(CancellationToken cancellationToken = default)
    {
        var location = Location ?? throw new InvalidOperationException("Not connected.");
        return await _http.GetStringAsync(new Uri(location, location.AbsolutePath + "/stats"), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Location is { } location)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await _http.DeleteAsync(location, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // The server closes the transport itself when consent expires.
            }

            Location = null;
        }

        await _connection.DisposeAsync();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string EchoQuery(EchoClientOptions options)
    {
        var parameters = new List<string>();
        if (options.ServerSrtpProfiles is { Count: > 0 } order)
        {
            parameters.Add("srtpProfiles=" + Uri.EscapeDataString(string.Join(",", order.Select(SrtpProfileNames.ToName))));
        }

        if (options.Credentials is { } credentials)
        {
            parameters.Add("sdkAppId=" + credentials.SdkAppId.ToString(CultureInfo.InvariantCulture));
            parameters.Add("identifier=" + Uri.EscapeDataString(credentials.Identifier));
            parameters.Add("userSig=" + Uri.EscapeDataString(credentials.UserSig));
        }

        return parameters.Count == 0 ? string.Empty : "?" + string.Join("&", parameters);
    }

    private async Task NegotiateAndConnectAsync(Uri serverBaseUri, EchoClientOptions options, CancellationToken cancellationToken)
    {
        var offer = BuildOffer();
        var url = new Uri(serverBaseUri, "/api/echo" + EchoQuery(options));
        using var content = new StringContent(offer.ToString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using var response = await _http.PostAsync(url, content, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"POST /api/echo answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        Location = response.Headers.Location is { } location ? new Uri(serverBaseUri, location) : null;
        AnswerSdp = body;
        if (!SessionDescription.TryParse(body, out var answer, out var parseError))
        {
            throw new InvalidDataException($"The server's answer is not valid SDP: {parseError}");
        }

        if (!SdpOfferBuilder.TryReadAnswer(offer, answer!, out var negotiation, out var answerError))
        {
            throw new InvalidDataException($"The server's answer does not match the offer: {answerError}");
        }

        var remote = negotiation!.RemoteTransport;
        var candidates = remote.Candidates
            .Where(candidate => string.Equals(candidate.Transport, "udp", StringComparison.OrdinalIgnoreCase) && IPAddress.TryParse(candidate.Address, out _))
            .Select(candidate => new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port))
            .Where(endPoint => endPoint.AddressFamily == _connection.LocalEndPoint.AddressFamily)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new InvalidDataException("The answer has no UDP candidate of our address family.");
        }

        await _connection.ConnectAsync(
            candidates,
            remote.IceUfrag,
            remote.IcePwd,
            remote.Fingerprint,
            options.OfferedSrtpProfiles,
            options.ConnectTimeout,
            WebRtcClientConnection.DtlsRoleForAnswer(remote.Setup),
            cancellationToken);
    }

    private SessionDescription BuildOffer()
    {
        var fingerprint = _connection.Certificate.Fingerprint;
        var transport = new LocalTransportParameters(
            _connection.LocalIce.UsernameFragment,
            _connection.LocalIce.Password,
            fingerprint)
        {
            IceLite = false,
        };
        var local = _connection.LocalEndPoint;
        transport.Candidates.Add(IceCandidate.Host("1", local.Address.ToString(), local.Port));

        const string cname = "parley-echo";
        var audio = new OfferMediaSection("0", MediaDescription.Audio) { Direction = MediaDirection.SendRecv };
        audio.Codecs.Add(OfferCodec.Opus(OpusPayloadType));
        audio.HeaderExtensions.Add(new Extmap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        audio.Stream = new LocalMediaStream("parley", "audio", Audio.Ssrc, cname);
        var video = new OfferMediaSection("1", MediaDescription.Video) { Direction = MediaDirection.SendRecv };
        video.Codecs.Add(OfferCodec.Vp8(Vp8PayloadType, rtxPayloadType: null));
        video.HeaderExtensions.Add(new Extmap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        video.Stream = new LocalMediaStream("parley", "video", Video.Ssrc, cname);
        return SdpOfferBuilder.Build(new SdpOfferOptions(transport), [audio, video]);
    }

    private static uint RandomSsrc() => BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
}
