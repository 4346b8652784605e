using Parley.Rtp;
using Parley.Rtp.Codecs;
using Parley.Sfu.Forwarding;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu;

/// <summary>
/// One encoding (simulcast layer) of a producer: its SSRCs once known, its packet cache, key-frame detection
/// and counters. The cache and counters are guarded by <see cref="SyncRoot"/> (uncontended on the receive path;
/// NACKs from subscribers read the cache from other threads). Never hold it while taking another lock.
/// </summary>
internal sealed class ProducerStream
{
    private readonly Producer _producer;
    private long _bitrateWindowStart;
    private long _bitrateWindowBytes;

    public ProducerStream(Producer producer, int layer, RtpEncoding encoding, PacketCache cache)
    {
        _producer = producer;
        Layer = layer;
        Rid = encoding.Rid;
        Ssrc = encoding.Ssrc ?? 0;
        HasSsrc = encoding.Ssrc is not null;
        RtxSsrc = encoding.RtxSsrc ?? 0;
        HasRtxSsrc = encoding.RtxSsrc is not null;
        Cache = cache;
        Clock = new SenderReportClock(producer.Codec.ClockRate, producer.Time);
        if (producer.Kind == MediaKind.Video && (producer.Codec.Feedback & RtcpFeedback.Nack) != 0)
        {
            Nacks = new NackGenerator(producer.Time);
        }

        if (HasSsrc)
        {
            Statistics = new ReceiveStatistics(Ssrc, producer.Codec.ClockRate, producer.Time);
        }

        _bitrateWindowStart = producer.Time.GetTimestamp();
    }

    public Lock SyncRoot { get; } = new();

    public Producer Producer => _producer;

    public int Layer { get; }

    public string? Rid { get; }

    public uint Ssrc { get; private set; }

    public bool HasSsrc { get; private set; }

    public uint RtxSsrc { get; private set; }

    public bool HasRtxSsrc { get; private set; }

    /// <summary>The last packets of this layer; read and written only under <see cref="SyncRoot"/>.</summary>
    public PacketCache Cache { get; }

    public long PacketsReceived { get; private set; }

    public long BytesReceived { get; private set; }

    public long RetransmissionsReceived { get; private set; }

    public long DuplicatesDropped { get; private set; }

    public long KeyFrames { get; private set; }

    public long KeyFrameRequestsSent { get; set; }

    /// <summary>FIR command sequence number (RFC 5104 §4.3.1.1), incremented per new request.</summary>
    public byte FirSequenceNumber { get; set; }

    /// <summary>When the last packet arrived (TimeProvider timestamp); 0 before the first.</summary>
    public long LastPacketAt { get; private set; }

    /// <summary>Received bitrate over the last full window (about a second).</summary>
    public long Bitrate { get; private set; }

    public bool Active { get; set; }

    /// <summary>RFC 3550 receive statistics of the layer's SSRC (null until it is known); under <see cref="SyncRoot"/>.</summary>
    public ReceiveStatistics? Statistics { get; private set; }

    /// <summary>Our own losses from the publisher, NACKed on the tick (video with "nack" negotiated); under <see cref="SyncRoot"/>.</summary>
    public NackGenerator? Nacks { get; }

    /// <summary>The publisher's NTP/RTP mapping from its SRs; under <see cref="SyncRoot"/>.</summary>
    public SenderReportClock Clock { get; }

    public void BindSsrc(uint ssrc)
    {
        lock (SyncRoot)
        {
            Ssrc = ssrc;
            HasSsrc = true;
            Statistics = new ReceiveStatistics(ssrc, _producer.Codec.ClockRate, _producer.Time);
        }
    }

    public void BindRtxSsrc(uint ssrc)
    {
        RtxSsrc = ssrc;
        HasRtxSsrc = true;
    }

    /// <summary>
    /// One packet of this layer (already unwrapped from RTX when <paramref name="repaired"/>), in the receiving
    /// transport's scratch buffer: cached, inspected, then forwarded to every consumer of the producer (each
    /// decides whether it wants this layer). Called under the receiving transport's receive lock.
    /// </summary>
    public void OnPacket(RtpPacket packet, bool repaired)
    {
        var now = _producer.Time.GetTimestamp();
        bool needKeyFrame;
        bool gap;
        lock (SyncRoot)
        {
            if (Cache.Contains(packet.SequenceNumber))
            {
                DuplicatesDropped++;
                return;
            }

            Cache.Store(packet.SequenceNumber, packet.Raw);
            PacketsReceived++;
            BytesReceived += packet.Raw.Length;
            _bitrateWindowBytes += packet.Raw.Length;
            LastPacketAt = now;
            if (repaired)
            {
                RetransmissionsReceived++;
            }

            Statistics?.OnPacket(packet.SequenceNumber, packet.Timestamp, packet.Raw.Length, now);
            var nackResult = Nacks?.OnPacket(packet.SequenceNumber, now);
            needKeyFrame = nackResult == NackPacketResult.KeyFrameNeeded;
            gap = nackResult == NackPacketResult.Gap;
        }

        if (needKeyFrame)
        {
            _producer.RequestKeyFrame(Layer);
        }
        else if (gap)
        {
            // The first request for a new gap goes out at once; retries follow on the router tick.
            _producer.Transport.SendNacksNow(this);
        }

        if (_producer.Kind == MediaKind.Audio)
        {
            SampleAudioLevel(packet, now);
        }

        var codec = _producer.PayloadCodec;
        var info = Inspect(codec, packet.Payload);
        if (info.IsKeyFrame)
        {
            KeyFrames++;
            _producer.OnKeyFrame(Layer);
        }

        if (_producer.Paused)
        {
            return;
        }

        var consumers = _producer.ConsumerArray;
        for (var i = 0; i < consumers.Length; i++)
        {
            consumers[i].Forward(packet, in info);
        }

        var taps = _producer.TapArray;
        for (var i = 0; i < taps.Length; i++)
        {
            taps[i].OnRtp(_producer, Layer, packet, info.IsKeyFrame);
        }
    }

    /// <summary>Recomputes <see cref="Bitrate"/> once a window of at least a second has passed; called on the router tick.</summary>
    public void UpdateBitrate()
    {
        var elapsed = _producer.Time.GetElapsedTime(_bitrateWindowStart);
        if (elapsed < TimeSpan.FromSeconds(1))
        {
            return;
        }

        lock (SyncRoot)
        {
            Bitrate = (long)(_bitrateWindowBytes * 8 / elapsed.TotalSeconds);
            _bitrateWindowBytes = 0;
            _bitrateWindowStart = _producer.Time.GetTimestamp();
        }
    }

    // https://www.rfc-editor.org/rfc/rfc6464#section-3: V bit, then the level in -dBov (0 loudest, 127 silence).
    private void SampleAudioLevel(RtpPacket packet, long now)
    {
        var id = _producer.HeaderExtensions.AudioLevel;
        if (id != 0 && packet.TryGetExtension(id, out var level) && !level.IsEmpty)
        {
            // The level alone decides (the detector's threshold): not every sender sets the V bit.
            _producer.Router.Speakers.OnAudioLevel(_producer.Id, level[0] & 0x7F, voiceActivity: true, now);
        }
    }

    private ForwardedPacket Inspect(PayloadCodec codec, ReadOnlySpan<byte> payload)
    {
        switch (codec)
        {
            case PayloadCodec.Vp8:
                return Vp8PayloadDescriptor.TryParse(payload, out var vp8)
                    ? ForwardedPacket.From(Layer, vp8)
                    : ForwardedPacket.Opaque(Layer, isKeyFrame: false);
            case PayloadCodec.Vp9:
                return Vp9PayloadDescriptor.TryParse(payload, out var vp9)
                    ? ForwardedPacket.From(Layer, vp9)
                    : ForwardedPacket.Opaque(Layer, isKeyFrame: false);
            case PayloadCodec.H264:
                return ForwardedPacket.Opaque(Layer, KeyFrameDetector.IsKeyFrame(codec, payload));
            default:
                return ForwardedPacket.Opaque(Layer, isKeyFrame: false);
        }
    }
}
