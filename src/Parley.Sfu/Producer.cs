using System.Text;
using Parley.Rtp.Codecs;
using Parley.Sfu.Forwarding;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu;

/// <summary>
/// A published track on a send transport: one <see cref="ProducerStream"/> per encoding (layer 0 = smallest).
/// Pause/Resume is mute: nothing is forwarded while paused. Thread-safe.
/// </summary>
public sealed class Producer
{
    private readonly Lock _lock = new();
    private readonly ProducerStream[] _streams;
    private readonly KeyFrameRequestThrottle _throttle;
    private readonly bool[] _unaddressed; // a request made while the layer's SSRC was unknown; sent when it is bound
    private Consumer[] _consumers = [];
    private volatile bool _paused;
    private volatile bool _closed;

    internal Producer(Transport transport, ProducerOptions options, string id)
    {
        Transport = transport;
        Router = transport.Router;
        Id = id;
        Kind = options.Kind;
        Codec = options.Codec;
        Tag = options.Tag;
        Mid = options.Mid;
        MidBytes = options.Mid is null ? [] : Encoding.UTF8.GetBytes(options.Mid);
        HeaderExtensions = options.HeaderExtensions;
        PayloadCodec = options.Codec.PayloadCodec;
        _paused = options.Paused;
        var routerOptions = Router.Options;
        var slots = options.Kind == MediaKind.Video ? routerOptions.VideoPacketCacheSlots : routerOptions.AudioPacketCacheSlots;
        _streams = new ProducerStream[options.Encodings.Count];
        for (var i = 0; i < _streams.Length; i++)
        {
            // Each layer's cache slab is allocated here, once, and lives as long as the producer.
            _streams[i] = new ProducerStream(this, i, options.Encodings[i], new PacketCache(slots, routerOptions.MaxPacketSize));
        }

        _throttle = new KeyFrameRequestThrottle(Router.Time, _streams.Length, routerOptions.KeyFrameRequestInterval);
        _unaddressed = new bool[_streams.Length];
    }

    public string Id { get; }

    public MediaKind Kind { get; }

    public string? Tag { get; }

    public string? Mid { get; }

    public RtpCodec Codec { get; }

    public RtpHeaderExtensionIds HeaderExtensions { get; }

    /// <summary>The send transport the publisher's packets arrive on.</summary>
    public Transport Transport { get; }

    public bool Paused => _paused;

    public bool IsClosed => _closed;

    public int LayerCount => _streams.Length;

    /// <summary>Per layer: has it sent anything within <see cref="RouterOptions.LayerInactivityTimeout"/>.</summary>
    public IReadOnlyList<bool> ActiveLayers
    {
        get
        {
            var active = new bool[_streams.Length];
            for (var i = 0; i < active.Length; i++)
            {
                active[i] = _streams[i].Active;
            }

            return active;
        }
    }

    /// <summary>The consumers of this producer, on any transport.</summary>
    public IReadOnlyList<Consumer> Consumers => _consumers;

    public event Action<Producer>? Closed;

    internal Router Router { get; }

    internal TimeProvider Time => Router.Time;

    internal PayloadCodec PayloadCodec { get; }

    internal byte[] MidBytes { get; }

    internal ReadOnlySpan<ProducerStream> Streams => _streams;

    /// <summary>Read without a lock on the packet path; replaced (copy-on-write) when consumers come and go.</summary>
    internal Consumer[] ConsumerArray => Volatile.Read(ref _consumers);

    /// <summary>Mute: stop forwarding. Consumers lose their current layer until the producer resumes.</summary>
    public void Pause()
    {
        ThrowIfClosed();
        if (_paused)
        {
            return;
        }

        _paused = true;
        foreach (var consumer in ConsumerArray)
        {
            consumer.OnProducerPausedChanged();
        }
    }

    /// <summary>Unmute: consumers continue at the next key frame (requested now), without a jump in numbering.</summary>
    public void Resume()
    {
        ThrowIfClosed();
        if (!_paused)
        {
            return;
        }

        _paused = false;
        foreach (var consumer in ConsumerArray)
        {
            consumer.OnProducerPausedChanged();
        }
    }

    /// <summary>Asks the publisher for a key frame on <paramref name="spatialLayer"/> (PLI, or FIR when only FIR was negotiated), throttled.</summary>
    public void RequestKeyFrame(int spatialLayer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spatialLayer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(spatialLayer, _streams.Length);
        if (_closed || Kind != MediaKind.Video)
        {
            return;
        }

        bool send;
        lock (_lock)
        {
            send = _throttle.TryRequest(spatialLayer, Time.GetTimestamp());
        }

        if (send)
        {
            SendKeyFrameRequest(_streams[spatialLayer]);
        }
    }

    public ProducerStats GetStats()
    {
        var streams = new ProducerStreamStats[_streams.Length];
        for (var i = 0; i < streams.Length; i++)
        {
            var stream = _streams[i];
            lock (stream.SyncRoot)
            {
                streams[i] = new ProducerStreamStats
                {
                    Layer = i,
                    Rid = stream.Rid,
                    Ssrc = stream.HasSsrc ? stream.Ssrc : null,
                    RtxSsrc = stream.HasRtxSsrc ? stream.RtxSsrc : null,
                    Active = stream.Active,
                    PacketsReceived = stream.PacketsReceived,
                    BytesReceived = stream.BytesReceived,
                    RetransmissionsReceived = stream.RetransmissionsReceived,
                    DuplicatesDropped = stream.DuplicatesDropped,
                    KeyFrames = stream.KeyFrames,
                    KeyFrameRequestsSent = stream.KeyFrameRequestsSent,
                    Bitrate = stream.Bitrate,
                    FractionLost = stream.Statistics is { IsValid: true } statistics ? Quality.NetworkQuality.FromFractionLost(statistics.LastFractionLost) : null,
                };
            }
        }

        return new ProducerStats { ProducerId = Id, Paused = _paused, Streams = streams };
    }

    /// <summary>Unpublishes: the transport forgets its SSRCs and every consumer of it closes.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        Transport.RemoveProducer(this);
        Router.RemoveProducer(this);
        foreach (var consumer in ConsumerArray)
        {
            consumer.Close();
        }

        SfuLog.ProducerClosed(Router.Logger, Id);
        Closed?.Invoke(this);
    }

    internal void AddConsumer(Consumer consumer)
    {
        lock (_lock)
        {
            if (_closed)
            {
                throw new InvalidOperationException($"Producer {Id} is closed; it cannot be consumed.");
            }

            _consumers = [.. _consumers, consumer];
        }
    }

    internal void RemoveConsumer(Consumer consumer)
    {
        lock (_lock)
        {
            _consumers = Array.FindAll(_consumers, c => c != consumer);
        }
    }

    internal void OnKeyFrame(int layer)
    {
        lock (_lock)
        {
            _throttle.OnKeyFrame(layer);
        }
    }

    /// <summary>A layer's SSRC became known: a request that could not be addressed before goes out now.</summary>
    internal void OnStreamBound(ProducerStream stream)
    {
        bool send;
        lock (_lock)
        {
            send = _unaddressed[stream.Layer];
            _unaddressed[stream.Layer] = false;
        }

        if (send)
        {
            SendKeyFrameRequest(stream);
        }
    }

    internal void OnTick()
    {
        var now = Time.GetTimestamp();
        var timeout = Router.Options.LayerInactivityTimeout;
        foreach (var stream in _streams)
        {
            stream.Active = stream.LastPacketAt != 0 && Time.GetElapsedTime(stream.LastPacketAt, now) < timeout;
            stream.UpdateBitrate();
            bool send;
            lock (_lock)
            {
                send = _throttle.TakeDue(stream.Layer, now);
            }

            if (send)
            {
                SendKeyFrameRequest(stream);
            }
        }
    }

    private void SendKeyFrameRequest(ProducerStream stream)
    {
        if (!stream.HasSsrc)
        {
            // Not addressable yet (a rid not seen so far): keep it pending until the SSRC is bound.
            lock (_lock)
            {
                _unaddressed[stream.Layer] = true;
            }

            return;
        }

        var useFir = (Codec.Feedback & RtcpFeedback.NackPli) == 0 && (Codec.Feedback & RtcpFeedback.CcmFir) != 0;
        if (useFir)
        {
            stream.FirSequenceNumber++;
        }

        if (Transport.SendKeyFrameRequest(stream.Ssrc, useFir, stream.FirSequenceNumber))
        {
            stream.KeyFrameRequestsSent++;
            SfuInstruments.KeyFrameRequestsSent.Add(1, useFir ? SfuInstruments.Fir : SfuInstruments.Pli);
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException($"Producer {Id} is closed.");
        }
    }
}
