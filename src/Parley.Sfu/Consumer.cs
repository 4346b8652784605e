using System.Text;
using Parley.Rtp;
using Parley.Rtp.Codecs;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Bwe;
using Parley.Sfu.Forwarding;
using Parley.Sfu.Quality;

namespace Parley.Sfu;

/// <summary>
/// One subscriber's copy of one producer, on a recv transport: its own SSRC, payload type and header-extension
/// ids, a continuous sequence/timestamp/picture-id space across layer switches, pauses and republishing, one
/// spatial layer at a time (switched only on a key frame of the target layer), and NACK answers from the
/// producer's packet cache. Rewriting state is guarded by the consumer's lock. Thread-safe.
/// </summary>
public sealed partial class Consumer
{
    private readonly Lock _lock = new();
    private readonly RtpRewriter _rewriter;
    private readonly Sequencer _sequencer;
    private readonly RtxPacketizer? _rtx;
    private readonly bool _needsKeyFrames;
    private bool _paused;
    private bool _closed;
    private int _currentLayer = -1;
    private int _targetLayer = -1;
    private int? _preferredSpatialLayer;
    private int? _preferredTemporalLayer;
    private int? _allocatedLayer;
    private long _packetsSent;
    private long _bytesSent;
    private long _payloadBytesSent;
    private long _retransmissionsSent;
    private long _nacksReceived;
    private long _nacksUnanswered;
    private long _plisReceived;
    private long _firsReceived;
    private long _droppedWaitingForKeyFrame;

    internal Consumer(Transport transport, Producer producer, ConsumerOptions options, string id, RetiredConsumerState? previous)
    {
        Transport = transport;
        Producer = producer;
        Id = id;
        Ssrc = options.Ssrc;
        PayloadType = options.PayloadType;
        HeaderExtensions = options.HeaderExtensions;
        Feedback = options.Feedback;
        Mid = options.Mid;
        MidBytes = options.Mid is null ? [] : Encoding.UTF8.GetBytes(options.Mid);
        _paused = options.Paused;
        _preferredSpatialLayer = options.PreferredSpatialLayer;
        _preferredTemporalLayer = options.PreferredTemporalLayer;
        _needsKeyFrames = producer.Kind == MediaKind.Video && KeyFrameDetector.NeedsKeyFrames(producer.PayloadCodec);
        PayloadCodec = producer.PayloadCodec;
        _rewriter = new RtpRewriter(producer.Time, producer.Codec.ClockRate, previous?.Rewriter);
        _reportedCumulativeLost = previous?.ReportedCumulativeLost ?? 0;
        _sequencer = new Sequencer();
        if (options.RtxSsrc is { } rtxSsrc && options.RtxPayloadType is { } rtxPayloadType)
        {
            _rtx = new RtxPacketizer(rtxSsrc, rtxPayloadType, previous?.NextRtxSequenceNumber ?? (ushort)Random.Shared.Next(0, 0x8000));
        }
    }

    public string Id { get; }

    public Producer Producer { get; }

    /// <summary>The recv transport this consumer sends on.</summary>
    public Transport Transport { get; }

    public MediaKind Kind => Producer.Kind;

    public uint Ssrc { get; }

    public uint? RtxSsrc => _rtx?.Ssrc;

    public byte PayloadType { get; }

    public byte? RtxPayloadType => _rtx?.PayloadType;

    public string? Mid { get; }

    public RtpHeaderExtensionIds HeaderExtensions { get; }

    public RtcpFeedback Feedback { get; }

    public bool Paused
    {
        get
        {
            lock (_lock)
            {
                return _paused;
            }
        }
    }

    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    /// <summary>The spatial layer being forwarded; null while paused, before the first key frame, or for a closed consumer.</summary>
    public int? CurrentSpatialLayer
    {
        get
        {
            lock (_lock)
            {
                return _currentLayer < 0 ? null : _currentLayer;
            }
        }
    }

    /// <summary>The spatial layer the consumer is switching to (or staying on); null while not forwarding.</summary>
    public int? TargetSpatialLayer
    {
        get
        {
            lock (_lock)
            {
                return _targetLayer < 0 ? null : _targetLayer;
            }
        }
    }

    public int? PreferredSpatialLayer
    {
        get
        {
            lock (_lock)
            {
                return _preferredSpatialLayer;
            }
        }
    }

    public int? PreferredTemporalLayer
    {
        get
        {
            lock (_lock)
            {
                return _preferredTemporalLayer;
            }
        }
    }

    /// <summary>
    /// Raised when <see cref="CurrentSpatialLayer"/> changes, on the thread that changed it (a media receive loop
    /// for a switch, the caller's for pause/close). Handlers must be quick and must not block.
    /// </summary>
    public event Action<Consumer, int?>? LayerChanged;

    public event Action<Consumer>? Closed;

    internal byte[] MidBytes { get; }

    /// <summary>The producer's payload format: decides which descriptor fields the send path rewrites.</summary>
    internal PayloadCodec PayloadCodec { get; }

    internal RtxPacketizer? Rtx => _rtx;

    /// <summary>The layer allocator's memory for this consumer; used by the recv transport's tick only.</summary>
    internal LayerAllocationState AllocationState { get; set; } = LayerAllocationState.Initial;

    /// <summary>What an SR for this consumer needs; false while nothing is forwarded.</summary>
    internal bool TryGetSenderInfo(out int layer, out uint timestampOffset, out RtpRewriterState last, out long packets, out long octets)
    {
        lock (_lock)
        {
            layer = _currentLayer;
            timestampOffset = _rewriter.TimestampOffset;
            last = _rewriter.State;
            packets = _packetsSent;
            octets = _payloadBytesSent;
            return _currentLayer >= 0 && _rewriter.HasOutput && !_closed;
        }
    }

    /// <summary>Stops forwarding (the subscriber sees a pause; numbering continues on resume).</summary>
    public void Pause()
    {
        int? changed;
        lock (_lock)
        {
            ThrowIfClosed();
            if (_paused)
            {
                return;
            }

            _paused = true;
            changed = StopForwardingLocked();
        }

        RaiseLayerChanged(changed);
    }

    /// <summary>Starts forwarding at the next key frame of the target layer, which is requested now.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            ThrowIfClosed();
            if (!_paused)
            {
                return;
            }

            _paused = false;
            StartForwardingLocked();
        }
    }

    /// <summary>
    /// The highest layers this subscriber wants (small tiles ask for layer 0). The consumer switches at the next key
    /// frame of the new target layer (requested now); layers above the producer's are clamped.
    /// </summary>
    public void SetPreferredLayers(int spatialLayer, int? temporalLayer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spatialLayer);
        if (temporalLayer is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(temporalLayer), "The temporal layer cannot be negative.");
        }

        lock (_lock)
        {
            ThrowIfClosed();
            _preferredSpatialLayer = spatialLayer;
            _preferredTemporalLayer = temporalLayer;
            UpdateTargetLayerLocked();
        }
    }

    public ConsumerStats GetStats()
    {
        lock (_lock)
        {
            return new ConsumerStats
            {
                ConsumerId = Id,
                Paused = _paused,
                CurrentSpatialLayer = _currentLayer < 0 ? null : _currentLayer,
                TargetSpatialLayer = _targetLayer < 0 ? null : _targetLayer,
                PacketsSent = _packetsSent,
                BytesSent = _bytesSent,
                RetransmissionsSent = _retransmissionsSent,
                NacksReceived = _nacksReceived,
                NacksUnanswered = _nacksUnanswered,
                PlisReceived = _plisReceived,
                FirsReceived = _firsReceived,
                DroppedWaitingForKeyFrame = _droppedWaitingForKeyFrame,
                LossFraction = ReportedLossFraction,
                RoundTripTime = Transport.RoundTripTimeOrNull,
            };
        }
    }

    /// <summary>Unsubscribes. The transport keeps the numbering state under this SSRC for a later consumer in the same slot.</summary>
    public void Close()
    {
        RetiredConsumerState retired;
        int? changed;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            changed = StopForwardingLocked();
            retired = new RetiredConsumerState(_rewriter.HasOutput ? _rewriter.State : null, _rtx?.NextSequenceNumber ?? 0, Volatile.Read(ref _reportedCumulativeLost));
        }

        Producer.RemoveConsumer(this);
        Transport.RemoveConsumer(this, retired);
        SfuLog.ConsumerClosed(Producer.Router.Logger, Id);
        RaiseLayerChanged(changed);
        Closed?.Invoke(this);
    }

    /// <summary>Called once the consumer is registered everywhere: a consumer created resumed starts now.</summary>
    internal void Start()
    {
        lock (_lock)
        {
            if (!_paused && !_closed)
            {
                StartForwardingLocked();
            }
        }
    }

    /// <summary>
    /// One packet of the producer's layer <paramref name="info"/>.Layer, on the publisher's receive path. Forwards
    /// it when it belongs to the current layer, or makes it the switch point when it is a key frame of the target
    /// layer. The packet is only read.
    /// </summary>
    internal void Forward(RtpPacket packet, in ForwardedPacket info)
    {
        var switched = false;
        lock (_lock)
        {
            if (_paused || _closed || _targetLayer < 0)
            {
                return;
            }

            if (info.Layer != _currentLayer)
            {
                if (info.Layer != _targetLayer || (_needsKeyFrames && !info.IsKeyFrame))
                {
                    if (info.Layer == _targetLayer && _currentLayer < 0)
                    {
                        _droppedWaitingForKeyFrame++;
                    }

                    return;
                }

                // The switch point: the first packet of a key frame on the target layer.
                _currentLayer = info.Layer;
                _rewriter.RequestSync();
                switched = true;
            }

            if (_preferredTemporalLayer is int maxTemporal && info.TemporalLayerId > maxTemporal)
            {
                _rewriter.Skip(packet.SequenceNumber);
            }
            else if (_rewriter.TryRewrite(packet.SequenceNumber, packet.Timestamp, info.PictureId, info.Tl0PicIdx, out var output))
            {
                _sequencer.Record(new SequencerEntry(output.SequenceNumber, info.Layer, packet.SequenceNumber, output.Timestamp, output.PictureId, output.Tl0PicIdx));
                var sent = Transport.SendForwarded(this, packet, in output);
                if (sent > 0)
                {
                    _packetsSent++;
                    _bytesSent += sent;
                    _payloadBytesSent += packet.Payload.Length;
                }
            }
        }

        if (switched)
        {
            RaiseLayerChanged(info.Layer);
        }
    }

    internal void OnProducerPausedChanged()
    {
        int? changed = null;
        lock (_lock)
        {
            if (_closed || _paused)
            {
                return;
            }

            if (Producer.Paused)
            {
                changed = StopForwardingLocked();
            }
            else
            {
                StartForwardingLocked();
            }
        }

        RaiseLayerChanged(changed);
    }

    /// <summary>The bandwidth allocation's cap for this consumer (null = none); applied on the next tick.</summary>
    internal void SetAllocatedLayer(int? layer)
    {
        lock (_lock)
        {
            _allocatedLayer = layer;
            UpdateTargetLayerLocked();
        }
    }

    internal void OnTick()
    {
        lock (_lock)
        {
            UpdateTargetLayerLocked();

            // Still waiting for the key frame a switch needs: ask again. A request can be lost (the publisher's transport
            // not connected yet, its RTCP dropped) and nothing else would repeat it, since a subscriber's decoder asks only
            // for streams it has seen. The producer's throttle keeps this to one request per layer per interval.
            if (IsForwardingLocked && _needsKeyFrames && _targetLayer >= 0 && _currentLayer != _targetLayer)
            {
                Producer.RequestKeyFrame(_targetLayer);
            }
        }
    }

    private bool IsForwardingLocked => !_paused && !_closed && !Producer.Paused;

    private void StartForwardingLocked()
    {
        if (!IsForwardingLocked)
        {
            return;
        }

        // Wait for a key frame of the target layer; it becomes the switch point (numbering continues from the last packet sent).
        _currentLayer = -1;
        _targetLayer = -1;
        UpdateTargetLayerLocked();
    }

    /// <summary>Returns the new current layer (null) when it changed, for the caller to raise the event outside the lock.</summary>
    private int? StopForwardingLocked()
    {
        var hadLayer = _currentLayer >= 0;
        _currentLayer = -1;
        _targetLayer = -1;
        return hadLayer ? -1 : null;
    }

    private void UpdateTargetLayerLocked()
    {
        if (!IsForwardingLocked)
        {
            return;
        }

        var target = ChooseTargetLayer();
        if (target == _targetLayer)
        {
            return;
        }

        _targetLayer = target;
        if (target != _currentLayer && _needsKeyFrames)
        {
            Producer.RequestKeyFrame(target);
        }
    }

    /// <summary>The highest active layer not above the preferred one (and the bandwidth cap); the lowest active one if none fits.</summary>
    private int ChooseTargetLayer()
    {
        var streams = Producer.Streams;
        var ceiling = Math.Min(_preferredSpatialLayer ?? streams.Length - 1, streams.Length - 1);
        if (_allocatedLayer is int allocated)
        {
            ceiling = Math.Min(ceiling, allocated);
        }

        if (streams.Length == 1)
        {
            return 0;
        }

        for (var layer = ceiling; layer >= 0; layer--)
        {
            if (streams[layer].Active)
            {
                return layer;
            }
        }

        for (var layer = ceiling + 1; layer < streams.Length; layer++)
        {
            if (streams[layer].Active)
            {
                return layer;
            }
        }

        // Nothing known to be active yet (the first packets have not arrived): aim at the ceiling.
        return Math.Max(ceiling, 0);
    }

    private void RaiseLayerChanged(int? layer)
    {
        if (layer is null)
        {
            return;
        }

        int? current = layer < 0 ? null : layer;
        SfuLog.LayerChanged(Producer.Router.Logger, Id, current);
        LayerChanged?.Invoke(this, current);
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException($"Consumer {Id} is closed.");
        }
    }
}
