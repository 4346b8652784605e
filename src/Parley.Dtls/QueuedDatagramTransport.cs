using System.Threading.Channels;
using Org.BouncyCastle.Tls;

namespace Parley.Dtls;

/// <summary>
/// Adapts Parley's push model (<see cref="DtlsSrtpEndpoint.Deliver"/> + <see cref="IDatagramSender"/>) to
/// BouncyCastle's blocking <see cref="DatagramTransport"/>: incoming datagrams wait in a bounded queue that
/// <see cref="Receive(byte[], int, int, int)"/> drains with a timeout.
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport
{
    // DTLS records from a browser stay under the path MTU; 1,500 covers Ethernet with room to spare.
    private const int ReceiveLimit = 1500;

    private readonly Channel<byte[]> _incoming;
    private readonly IDatagramSender _sender;
    private readonly int _sendLimit;
    private volatile bool _closed;
    private long _dropped;

    public QueuedDatagramTransport(IDatagramSender sender, int sendLimit, int queueCapacity)
    {
        _sender = sender;
        _sendLimit = sendLimit;
        _incoming = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
        {
            // Wait mode makes TryWrite report a full queue (DropWrite would silently claim success).
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Datagrams dropped because the queue was full or the transport closed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<byte[]> Reader => _incoming.Reader;

    /// <summary>Queues a copy of <paramref name="datagram"/>; the copy is owned by the queue until BouncyCastle reads it.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed || datagram.Length > ReceiveLimit || !_incoming.Writer.TryWrite(datagram.ToArray()))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (!_incoming.Reader.TryRead(out var datagram))
        {
            if (_closed)
            {
                throw new IOException("The DTLS transport is closed.");
            }

            // BouncyCastle treats waitMillis 0 as "forever"; it is only called from the dedicated handshake thread
            // or with data already queued, so blocking here is intended.
            var wait = _incoming.Reader.WaitToReadAsync().AsTask();
            var arrived = waitMillis <= 0 ? wait.GetAwaiter().GetResult() : wait.Wait(waitMillis) && wait.Result;
            if (!arrived || !_incoming.Reader.TryRead(out datagram))
            {
                if (_closed)
                {
                    throw new IOException("The DTLS transport is closed.");
                }

                return -1;
            }
        }

        if (datagram.Length > buffer.Length)
        {
            return -1;
        }

        datagram.CopyTo(buffer);
        return datagram.Length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_closed)
        {
            throw new IOException("The DTLS transport is closed.");
        }

        _sender.Send(buffer);
    }

    public void Close()
    {
        _closed = true;
        _incoming.Writer.TryComplete();
    }
}
