using System.Net;
using BenchmarkDotNet.Attributes;
using Parley.Rtp;
using Parley.Srtp;
using Parley.WebRtc;
using Parley.WebRtc.Client;
using Parley.WebRtc.Echo;
using Parley.WebRtc.Io;
using Parley.WebRtc.Transport;

namespace Parley.Benchmarks;

/// <summary>
/// The server's per-packet media path without the kernel: RFC 7983 demux, peer lookup by source address, SRTP
/// unprotect, the echo handler, SRTP protect and the copy into the loop's send batch — everything a receive loop
/// does between recvmmsg and sendmmsg. One operation is a receive batch of <see cref="BatchSize"/> packets handed
/// to <see cref="WebRtcServer.HandleBatch"/>; results are per packet (OperationsPerInvoke). The send batch is
/// flushed to a transmitter that drops the messages instead of calling sendmmsg.
/// </summary>
/// <remarks>
/// Setup connects a real client over loopback (ICE, DTLS) with the server's echo attached, then stops the
/// client's traffic from reaching the port: the benchmark feeds the server's batch handler directly. SRTP rejects
/// replays, so every packet must be fresh: each iteration's setup encrypts <see cref="PacketsPerIteration"/> new
/// packets (outside the measurement) with the client's session.
/// </remarks>
[MemoryDiagnoser]
public class TransportBenchmarks : IAsyncDisposable
{
    private const int BatchSize = 64;
    private const int PacketsPerIteration = BatchSize * 256;
    private const int PayloadLength = 1100;

    private WebRtcServer _server = null!;
    private WebRtcClientConnection _client = null!;
    private EchoReflector _echo = null!;
    private SendBatch _sendBatch = null!;
    private SocketAddress _clientAddress = null!;
    private SocketAddress _source = null!;
    private PreparedBatch _feed = null!;
    private int _next;

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void EncryptFreshPackets()
    {
        var plain = new byte[PayloadLength + 12];
        for (int i = 0; i < PacketsPerIteration; i++)
        {
            var writer = new RtpPacketWriter(plain, 96, _feed.NextSequence, _feed.NextSequence * 300u, 0xBE7C4, marker: i % 10 == 9);
            writer.BeginPayload(PayloadLength).Fill((byte)i);
            _feed.SetPacket(i, _client.ProtectRtp(writer.Written, _feed.Slot(i)));
            _feed.NextSequence++;
        }

        _next = 0;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "echo one packet: demux+lookup+unprotect+handler+protect+batch")]
    [InvocationCount(PacketsPerIteration / BatchSize, 1)]
    public void HandleReceiveBatch()
    {
        _feed.Offset = _next;
        _next += BatchSize;
        _server.HandleBatch(_feed, BatchSize, _source, _sendBatch);
    }

    [GlobalCleanup]
    public void Cleanup() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        _echo?.Dispose();
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task SetupAsync()
    {
        var options = new MediaOptions { UdpPort = 0 };
        options.AnnouncedAddresses.Add("127.0.0.1");
        _server = WebRtcServer.Start(options);
        _client = new WebRtcClientConnection();
        var transport = _server.CreateTransport(new WebRtcTransportSettings
        {
            RemoteUsernameFragment = _client.LocalIce.UsernameFragment,
            RemoteFingerprint = _client.Certificate.Fingerprint,
            SrtpProfiles = [Profile],
        });
        await _client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, _server.Port)], transport.LocalIce.UsernameFragment, transport.LocalIce.Password, transport.LocalFingerprint);
        while (transport.State != WebRtcTransportState.Connected)
        {
            await Task.Delay(10);
        }

        _echo = new EchoReflector(transport);
        _clientAddress = _client.LocalEndPoint.Serialize();
        _source = new SocketAddress(_clientAddress.Family);
        _sendBatch = _server.CreateSendBatch(BatchSize, static (int start, int count, out int errno) =>
        {
            errno = 0;
            return count; // discarded: the kernel's part is what the echo load measures
        });
        _feed = new PreparedBatch(PacketsPerIteration, WebRtcServer.ReceiveBufferLength, _clientAddress);
    }

    /// <summary>Pre-encrypted datagrams from the client's address, read as a receive batch starting at <see cref="Offset"/>.</summary>
    private sealed class PreparedBatch(int capacity, int slotLength, SocketAddress source) : IDatagramBatch
    {
        // Owned by the benchmark: each iteration's setup encrypts into it, the measured handler decrypts in place.
        private readonly byte[] _slab = new byte[capacity * slotLength];
        private readonly int[] _lengths = new int[capacity];

        public int Offset { get; set; }

        public ushort NextSequence { get; set; }

        public Span<byte> Slot(int index) => _slab.AsSpan(index * slotLength, slotLength);

        public void SetPacket(int index, int length) => _lengths[index] = length;

        public Span<byte> Datagram(int index) => _slab.AsSpan((Offset + index) * slotLength, _lengths[Offset + index]);

        public bool IsTruncated(int index) => false;

        public void CopySource(int index, SocketAddress destination)
        {
            source.Buffer.Span[..source.Size].CopyTo(destination.Buffer.Span);
            destination.Size = source.Size;
        }
    }
}
