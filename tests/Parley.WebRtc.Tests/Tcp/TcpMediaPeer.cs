using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Parley.Dtls;
using Parley.Srtp;
using Parley.Stun;
using Parley.WebRtc.Demux;
using Parley.WebRtc.Tcp;

namespace Parley.WebRtc.Tests.Tcp;

/// <summary>
/// A test peer that reaches the media port over ICE-TCP the way a browser's active TCP candidate does: one TCP
/// connection, RFC 4571 frames, STUN checks, then DTLS (client role) and SRTP over the same connection.
/// </summary>
internal sealed class TcpMediaPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Rfc4571FrameReader _reader = new(4096);
    private readonly Channel<byte[]> _stun = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _media = Channel.CreateUnbounded<byte[]>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private DtlsSrtpEndpoint? _dtls;
    private Task? _receiveLoop;

    private TcpMediaPeer(Socket socket)
    {
        _socket = socket;
    }

    public DtlsCertificate Certificate { get; } = DtlsCertificate.Generate("tcp-peer");

    public string Ufrag { get; } = "tcppeer";

    public SrtpSession? Srtp { get; private set; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>While true the peer reads nothing, so the server's sends back up (kernel buffers, then its backlog).</summary>
    public bool Pause { get; set; }

    /// <summary>Completes when the server closed the connection (or it failed).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Frames the peer received that were not STUN or DTLS, decrypted when SRTP is up.</summary>
    public ChannelReader<byte[]> Media => _media.Reader;

    public static async Task<TcpMediaPeer> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var peer = new TcpMediaPeer(socket);
        peer._receiveLoop = Task.Run(peer.ReceiveLoopAsync);
        return peer;
    }

    /// <summary>Sends raw bytes (frames written by the caller, or garbage).</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _sendGate.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, SocketFlags.None);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public Task SendFrameAsync(ReadOnlySpan<byte> packet)
    {
        var frame = new byte[packet.Length + 2];
        Rfc4571FrameReader.WriteFrame(packet, frame);
        return SendRawAsync(frame);
    }

    /// <summary>Sends an ICE check for the transport's credentials and returns the answer (null when none came in time).</summary>
    public async Task<StunMessageSnapshot?> CheckAsync(string serverUfrag, string serverPassword, bool useCandidate, TimeSpan? wait = null)
    {
        await SendFrameAsync(WriteCheck(serverUfrag, serverPassword, useCandidate));
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(5));
        try
        {
            var response = await _stun.Reader.ReadAsync(timeout.Token);
            return StunMessage.TryParse(response, out var message)
                ? new StunMessageSnapshot(message.Class, message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(serverPassword)))
                : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>DTLS as the client (the server is passive), over the connection; SRTP keys after.</summary>
    public async Task HandshakeAsync(DtlsFingerprint serverFingerprint)
    {
        _dtls = new DtlsSrtpEndpoint(DtlsRole.Client, Certificate, serverFingerprint, new FrameSender(this));
        var result = await _dtls.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Srtp = SrtpSession.FromKeyingMaterial(result.SrtpProfile, result.KeyingMaterial, result.IsClient);
    }

    public byte[] WriteCheck(string serverUfrag, string serverPassword, bool useCandidate)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        writer.AddUsername($"{serverUfrag}:{Ufrag}");
        writer.AddPriority(1518280447);
        writer.AddIceControlling(7);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(serverPassword));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _dtls?.Dispose();
        Srtp?.Dispose();
        _sendGate.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                while (Pause)
                {
                    await Task.Delay(10);
                }

                int received = await _socket.ReceiveAsync(_reader.GetReceiveMemory(), SocketFlags.None);
                if (received == 0)
                {
                    break;
                }

                _reader.Advance(received);
                Dispatch();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // closed
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private void Dispatch()
    {
        while (_reader.TryReadFrame(out var frame))
        {
            switch (PacketClassifier.Classify(frame))
            {
                case PacketKind.Stun:
                    _stun.Writer.TryWrite(frame.ToArray());
                    break;
                case PacketKind.Dtls:
                    _dtls?.Deliver(frame);
                    break;
                case PacketKind.Rtp when Srtp is { } srtp && srtp.TryUnprotectRtp(frame, out int length):
                    _media.Writer.TryWrite(frame[..length].ToArray());
                    break;
                case PacketKind.Rtcp when Srtp is { } srtp && srtp.TryUnprotectRtcp(frame, out int length):
                    _media.Writer.TryWrite(frame[..length].ToArray());
                    break;
                default:
                    _media.Writer.TryWrite([]); // something that did not decrypt: the tests count these as failures
                    break;
            }
        }
    }

    /// <summary>DTLS records out as frames (BouncyCastle's handshake thread calls this).</summary>
    private sealed class FrameSender(TcpMediaPeer peer) : IDatagramSender
    {
        public void Send(ReadOnlySpan<byte> datagram) => peer.SendFrameAsync(datagram).GetAwaiter().GetResult();
    }
}

/// <summary>What a test needs of a STUN answer, kept after the receive buffer moved on.</summary>
internal sealed record StunMessageSnapshot(StunMessageClass Class, bool IntegrityValid)
{
    public bool IsSuccess => Class == StunMessageClass.SuccessResponse && IntegrityValid;
}
