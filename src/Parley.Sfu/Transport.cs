using System.Buffers.Binary;
using Parley.Rtp;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Forwarding;

namespace Parley.Sfu;

/// <summary>
/// One client connection (send or recv side) on an <see cref="IMediaLink"/>: the SSRC table of its incoming
/// streams, its producers (send side) and consumers (recv side). Incoming packets are handled under the receive
/// lock in a receive scratch buffer; everything sent is built under the send lock in the send scratch buffer,
/// both owned by this transport and handed to the link only for the duration of a call. Thread-safe.
/// </summary>
public sealed partial class Transport : IDisposable
{
    // Room for the largest accepted packet plus our own header-extension block and an RTX OSN.
    private const int SendHeadroom = 64;

    private readonly IMediaLink _link;
    private readonly Lock _receiveLock = new();
    private readonly Lock _sendLock = new();
    private readonly Lock _tableLock = new();
    private readonly byte[] _receiveBuffer;   // owned here; used only under _receiveLock
    private readonly byte[] _sendBuffer;      // owned here; used only under _sendLock, lent to _link.SendRtp/SendRtcp
    private readonly Dictionary<uint, RetiredConsumerState> _retired = [];
    private Dictionary<uint, SsrcBinding> _ssrcTable = [];        // copy-on-write under _tableLock, read lock-free
    private Dictionary<uint, Consumer> _consumersBySsrc = [];     // copy-on-write under _tableLock, read lock-free
    private Producer[] _producers = [];
    private Consumer[] _consumers = [];
    private ushort _transportSequenceNumber;
    private long _maxIncomingBitrate; // 0 = no cap set
    private volatile bool _disposed;

    private long _rtpPacketsReceived;
    private long _rtpBytesReceived;
    private long _rtpPacketsSent;
    private long _rtpBytesSent;
    private long _rtcpPacketsReceived;
    private long _rtcpPacketsSent;
    private long _malformedRtp;
    private long _malformedRtcp;
    private long _unknownSsrc;
    private long _paddingOnly;
    private long _tooLarge;
    private long _sendFailures;
    private long _bitrateWindowStart;
    private long _bitrateWindowBytesIn;
    private long _bitrateWindowBytesOut;
    private long _incomingBitrate;
    private long _outgoingBitrate;

    internal Transport(Router router, IMediaLink link, TransportOptions options)
    {
        Router = router;
        _link = link;
        Id = options.Id ?? Guid.NewGuid().ToString("N");
        RtcpSsrc = options.RtcpSsrc ?? (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _receiveBuffer = new byte[router.Options.MaxPacketSize];
        _sendBuffer = new byte[router.Options.MaxPacketSize + SendHeadroom];
        _bitrateWindowStart = router.Time.GetTimestamp();
        InitializeRtcp();
    }

    public string Id { get; }

    public Router Router { get; }

    /// <summary>The sender SSRC of the RTCP feedback the SFU sends on this transport.</summary>
    public uint RtcpSsrc { get; }

    public IReadOnlyList<Producer> Producers => Volatile.Read(ref _producers);

    public IReadOnlyList<Consumer> Consumers => Volatile.Read(ref _consumers);

    public event Action<Transport>? Closed;

    private TimeProvider Time => Router.Time;

    /// <summary>Publishes a track arriving on this (send) transport.</summary>
    public Producer Produce(ProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateProducerOptions(options);
        var producer = new Producer(this, options, options.Id ?? Guid.NewGuid().ToString("N"));
        lock (_tableLock)
        {
            ThrowIfDisposed();
            foreach (var existing in _producers)
            {
                if (options.Mid is not null && existing.Mid == options.Mid)
                {
                    throw new ArgumentException($"Transport {Id} already has a producer with mid '{options.Mid}'.", nameof(options));
                }
            }

            var table = new Dictionary<uint, SsrcBinding>(_ssrcTable);
            foreach (var stream in producer.Streams)
            {
                if (stream.HasSsrc && !table.TryAdd(stream.Ssrc, new SsrcBinding(stream, false)))
                {
                    throw new ArgumentException($"SSRC {stream.Ssrc} is already in use on transport {Id}.", nameof(options));
                }

                if (stream.HasRtxSsrc && !table.TryAdd(stream.RtxSsrc, new SsrcBinding(stream, true)))
                {
                    throw new ArgumentException($"SSRC {stream.RtxSsrc} is already in use on transport {Id}.", nameof(options));
                }
            }

            Router.AddProducer(producer);
            OnProducerAdded(options);
            _ssrcTable = table;
            _producers = [.. _producers, producer];
        }

        SfuLog.ProducerCreated(Router.Logger, Id, producer.Id, producer.Kind, producer.Codec.Name, producer.LayerCount);
        return producer;
    }

    /// <summary>
    /// Subscribes this (recv) transport to <paramref name="producer"/>. A consumer with the SSRC of an earlier,
    /// closed consumer of this transport continues that consumer's numbering (a republished track in the same slot).
    /// </summary>
    public Consumer Consume(Producer producer, ConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(options);
        if (producer.Router != Router)
        {
            throw new ArgumentException($"Producer {producer.Id} belongs to another router.", nameof(producer));
        }

        if (producer.IsClosed)
        {
            throw new InvalidOperationException($"Producer {producer.Id} is closed; it cannot be consumed.");
        }

        ValidateConsumerOptions(options);
        Consumer consumer;
        lock (_tableLock)
        {
            ThrowIfDisposed();
            if (_consumersBySsrc.ContainsKey(options.Ssrc) || (options.RtxSsrc is { } rtx && _consumersBySsrc.ContainsKey(rtx)))
            {
                throw new ArgumentException($"SSRC {options.Ssrc} (or its RTX SSRC) is already used by a consumer on transport {Id}.", nameof(options));
            }

            RetiredConsumerState? previous = _retired.Remove(options.Ssrc, out var state) ? state : null;
            consumer = new Consumer(this, producer, options, options.Id ?? Guid.NewGuid().ToString("N"), previous);
            producer.AddConsumer(consumer);
            var table = new Dictionary<uint, Consumer>(_consumersBySsrc) { [consumer.Ssrc] = consumer };
            if (consumer.RtxSsrc is { } rtxSsrc)
            {
                table[rtxSsrc] = consumer;
            }

            _consumersBySsrc = table;
            _consumers = [.. _consumers, consumer];
        }

        SfuLog.ConsumerCreated(Router.Logger, Id, consumer.Id, producer.Id, consumer.Ssrc);
        consumer.Start();
        return consumer;
    }

    /// <summary>The most the publisher on this transport should send, announced with REMB (the role's maximum bitrate).</summary>
    public void SetMaxIncomingBitrate(long bitsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bitsPerSecond);
        Interlocked.Exchange(ref _maxIncomingBitrate, bitsPerSecond);
    }

    public TransportStats GetStats()
    {
        var stats = new TransportStats
        {
        TransportId = Id,
        RtpPacketsReceived = Interlocked.Read(ref _rtpPacketsReceived),
        RtpBytesReceived = Interlocked.Read(ref _rtpBytesReceived),
        RtpPacketsSent = Interlocked.Read(ref _rtpPacketsSent),
        RtpBytesSent = Interlocked.Read(ref _rtpBytesSent),
        RtcpPacketsReceived = Interlocked.Read(ref _rtcpPacketsReceived),
        RtcpPacketsSent = Interlocked.Read(ref _rtcpPacketsSent),
        MalformedRtpDropped = Interlocked.Read(ref _malformedRtp),
        MalformedRtcpDropped = Interlocked.Read(ref _malformedRtcp),
        UnknownSsrcDropped = Interlocked.Read(ref _unknownSsrc),
        PaddingOnlyDropped = Interlocked.Read(ref _paddingOnly),
        TooLargeDropped = Interlocked.Read(ref _tooLarge),
        SendFailures = Interlocked.Read(ref _sendFailures),
        IncomingBitrate = Interlocked.Read(ref _incomingBitrate),
        OutgoingBitrate = Interlocked.Read(ref _outgoingBitrate),
        MaxIncomingBitrate = Interlocked.Read(ref _maxIncomingBitrate) is > 0 and var cap ? cap : null,
        };
        AddQualityStats(ref stats);
        return stats;
    }

    /// <summary>Closes every producer and consumer on this transport.</summary>
    public void Dispose()
    {
        Producer[] producers;
        Consumer[] consumers;
        lock (_tableLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            producers = _producers;
            consumers = _consumers;
        }

        foreach (var consumer in consumers)
        {
            consumer.Close();
        }

        foreach (var producer in producers)
        {
            producer.Close();
        }

        Router.RemoveTransport(this);
        Closed?.Invoke(this);
    }

    internal void RemoveProducer(Producer producer)
    {
        lock (_tableLock)
        {
            _producers = Array.FindAll(_producers, p => p != producer);
            var table = new Dictionary<uint, SsrcBinding>(_ssrcTable);
            foreach (var (ssrc, binding) in _ssrcTable)
            {
                if (binding.Stream.Producer == producer)
                {
                    table.Remove(ssrc);
                }
            }

            _ssrcTable = table;
        }
    }

    internal void RemoveConsumer(Consumer consumer, RetiredConsumerState retired)
    {
        lock (_tableLock)
        {
            _consumers = Array.FindAll(_consumers, c => c != consumer);
            var table = new Dictionary<uint, Consumer>(_consumersBySsrc);
            table.Remove(consumer.Ssrc);
            if (consumer.RtxSsrc is { } rtx)
            {
                table.Remove(rtx);
            }

            _consumersBySsrc = table;
            if (!_disposed)
            {
                _retired[consumer.Ssrc] = retired;
            }
        }
    }

    internal void OnTick()
    {
        var elapsed = Time.GetElapsedTime(_bitrateWindowStart);
        if (elapsed >= TimeSpan.FromSeconds(1))
        {
            Interlocked.Exchange(ref _incomingBitrate, (long)(Interlocked.Exchange(ref _bitrateWindowBytesIn, 0) * 8 / elapsed.TotalSeconds));
            Interlocked.Exchange(ref _outgoingBitrate, (long)(Interlocked.Exchange(ref _bitrateWindowBytesOut, 0) * 8 / elapsed.TotalSeconds));
            _bitrateWindowStart = Time.GetTimestamp();
        }

        foreach (var consumer in Volatile.Read(ref _consumers))
        {
            consumer.OnTick();
        }

        OnRtcpTick();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static void ValidateProducerOptions(ProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Codec);
        if (options.Codec.ClockRate <= 0 || options.Codec.PayloadType > 127 || options.Codec.RtxPayloadType > 127)
        {
            throw new ArgumentException("The codec needs a positive clock rate and payload types 0–127.", nameof(options));
        }

        var encodings = options.Encodings;
        if (encodings is null || encodings.Count is < 1 or > 3)
        {
            throw new ArgumentException("A producer has one to three encodings.", nameof(options));
        }

        if (encodings.Count > 1 && encodings.Any(e => string.IsNullOrEmpty(e.Rid)))
        {
            throw new ArgumentException("Simulcast encodings each need a rid (smallest first).", nameof(options));
        }

        if (encodings.Where(e => e.Rid is not null).GroupBy(e => e.Rid, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw new ArgumentException("Encoding rids must be unique.", nameof(options));
        }

        if (encodings.Any(e => e.Rid is null && e.Ssrc is null) && options.Mid is null && options.HeaderExtensions.Mid == 0)
        {
            // Without SSRC, rid or mid an encoding could only be bound by payload type, which is ambiguous.
            throw new ArgumentException("An encoding needs an SSRC, a rid, or the producer a mid.", nameof(options));
        }

        if (options.Mid is { Length: > 16 })
        {
            throw new ArgumentException("A mid is at most 16 characters (it must fit a one-byte header extension).", nameof(options));
        }

        options.HeaderExtensions.Validate(nameof(options));
    }

    private static void ValidateConsumerOptions(ConsumerOptions options)
    {
        if (options.PayloadType > 127 || options.RtxPayloadType > 127)
        {
            throw new ArgumentException("Payload types are 0–127.", nameof(options));
        }

        if ((options.RtxSsrc is null) != (options.RtxPayloadType is null))
        {
            throw new ArgumentException("RTX needs both an RTX SSRC and an RTX payload type.", nameof(options));
        }

        if (options.RtxSsrc == options.Ssrc)
        {
            throw new ArgumentException("The RTX SSRC must differ from the SSRC.", nameof(options));
        }

        if (options.Mid is { Length: > 16 })
        {
            throw new ArgumentException("A mid is at most 16 characters (it must fit a one-byte header extension).", nameof(options));
        }

        if (options.PreferredSpatialLayer is < 0 || options.PreferredTemporalLayer is < 0)
        {
            throw new ArgumentException("Preferred layers cannot be negative.", nameof(options));
        }

        options.HeaderExtensions.Validate(nameof(options));
    }
}
