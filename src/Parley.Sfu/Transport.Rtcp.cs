using System.Buffers.Binary;
using Parley.Rtp;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Bwe;
using Parley.Sfu.Quality;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu;

// RTCP per hop (docs/sfu.md "RTCP, per hop") and the bandwidth estimate with layer allocation.
public sealed partial class Transport
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AllocationInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _rtcpLock = new();                 // guards _roundTripTime
    private readonly byte[] _tickBuffer = new byte[1500];    // owned here; used only by OnTick (ticks never overlap)
    private readonly RtcpReportBlock[] _reportBlocks = new RtcpReportBlock[31];
    private RoundTripTime _roundTripTime = null!;             // under _rtcpLock
    private TransportCcRecorder _transportCc = null!;         // publisher arrivals; under _receiveLock
    private SendHistory _sendHistory = null!;                 // our sent packets; under _sendLock
    private BandwidthEstimator _estimator = null!;            // under _sendLock
    private LayerAllocator _allocator = null!;                // used on the tick only
    private byte _incomingTransportCcId;                      // the publisher's transport-cc extension id, 0 = none
    private volatile bool _hasBandwidthFeedback;
    private bool _lastSendStamped;                            // under _sendLock: the packet being sent got a transport-wide number
    private long _lastReportsAt;
    private long _lastAllocationAt;

    private void InitializeRtcp()
    {
        _roundTripTime = new RoundTripTime(Time);
        _transportCc = new TransportCcRecorder(Time);
        _sendHistory = new SendHistory();
        _estimator = new BandwidthEstimator(_sendHistory, Time);
        _allocator = new LayerAllocator(Time);
        _lastReportsAt = Time.GetTimestamp();
        _lastAllocationAt = _lastReportsAt;
    }

    internal TimeSpan? RoundTripTimeOrNull
    {
        get
        {
            lock (_rtcpLock)
            {
                return _roundTripTime.HasValue ? _roundTripTime.Smoothed : null;
            }
        }
    }

    /// <summary>Notes the publisher's transport-cc extension id (all producers of a transport share the negotiation).</summary>
    private void OnProducerAdded(ProducerOptions options)
    {
        if (options.HeaderExtensions.TransportCc != 0 && (options.Codec.Feedback & RtcpFeedback.TransportCc) != 0)
        {
            _incomingTransportCcId = options.HeaderExtensions.TransportCc;
        }
    }

    /// <summary>Every incoming RTP packet (padding and RTX included) is a transport-cc arrival. Under the receive lock.</summary>
    private void RecordArrival(RtpPacket rtp, long now)
    {
        var id = _incomingTransportCcId;
        if (id != 0 && rtp.TryGetExtension(id, out var data) && data.Length >= 2)
        {
            _transportCc.OnPacket(BinaryPrimitives.ReadUInt16BigEndian(data), now);
        }
    }

    /// <summary>The RTCP that is not per-consumer feedback: SR/RR, transport-cc feedback, REMB.</summary>
    private void ReceiveReports(RtcpPacket rtcp, long now)
    {
        switch (rtcp.PacketType)
        {
            case RtcpPacketType.SenderReport when RtcpSenderReport.TryParse(rtcp, out var sr):
                if (Volatile.Read(ref _ssrcTable).TryGetValue(sr.Ssrc, out var binding) && !binding.IsRtx)
                {
                    lock (binding.Stream.SyncRoot)
                    {
                        binding.Stream.Statistics?.OnSenderReport(sr.NtpTimestamp, now);
                        binding.Stream.Clock.OnSenderReport(sr.NtpTimestamp, sr.RtpTimestamp, now);
                    }
                }

                for (var i = 0; i < sr.ReportCount; i++)
                {
                    OnReportBlock(sr.GetReportBlock(i), now);
                }

                break;
            case RtcpPacketType.ReceiverReport when RtcpReceiverReport.TryParse(rtcp, out var rr):
                for (var i = 0; i < rr.ReportCount; i++)
                {
                    OnReportBlock(rr.GetReportBlock(i), now);
                }

                break;
            case RtcpPacketType.TransportFeedback when RtcpTransportFeedback.TryParse(rtcp, out var feedback):
                var rtt = RoundTripTimeOrNull ?? TimeSpan.Zero;
                lock (_sendLock)
                {
                    _estimator.OnTransportFeedback(feedback, now, rtt);
                }

                _hasBandwidthFeedback = true;
                break;
            case RtcpPacketType.PayloadFeedback when RtcpReceiverEstimatedMaxBitrate.TryParse(rtcp, out var remb):
                lock (_sendLock)
                {
                    _estimator.OnRemb((long)Math.Min(remb.Bitrate, long.MaxValue));
                }

                _hasBandwidthFeedback = true;
                break;
        }
    }

    private void OnReportBlock(RtcpReportBlock block, long now)
    {
        if (Volatile.Read(ref _consumersBySsrc).TryGetValue(block.Ssrc, out var consumer) && consumer.Ssrc == block.Ssrc)
        {
            consumer.OnReceiverReport(in block);
        }

        lock (_rtcpLock)
        {
            _roundTripTime.OnReportBlock(block.LastSenderReport, block.DelaySinceLastSenderReport, now);
        }
    }

    /// <summary>Publisher side every tick: NACKs for our losses, transport-cc feedback; every second RR + REMB. Subscriber side: SRs, layer allocation.</summary>
    private void OnRtcpTick()
    {
        var now = Time.GetTimestamp();
        var producers = Volatile.Read(ref _producers);
        var rtt = RoundTripTimeOrNull ?? TimeSpan.FromMilliseconds(100);
        foreach (var producer in producers)
        {
            foreach (var stream in producer.Streams)
            {
                int length;
                lock (stream.SyncRoot)
                {
                    length = stream.HasSsrc && stream.Nacks is { } nacks ? nacks.WriteNack(_tickBuffer, RtcpSsrc, stream.Ssrc, now, rtt) : 0;
                }

                if (length > 0)
                {
                    SendRtcpCopy(_tickBuffer.AsSpan(0, length));
                }
            }
        }

        SendTransportCcFeedback(producers, now);
        if (Time.GetElapsedTime(_lastReportsAt, now) >= ReportInterval)
        {
            _lastReportsAt = now;
            SendReceiverReports(producers, now);
            SendSenderReports(now);
        }

        if (_hasBandwidthFeedback && Time.GetElapsedTime(_lastAllocationAt, now) >= AllocationInterval)
        {
            _lastAllocationAt = now;
            AllocateLayers(now);
        }
    }

    private void SendTransportCcFeedback(Producer[] producers, long now)
    {
        if (_incomingTransportCcId == 0 || producers.Length == 0)
        {
            return;
        }

        var mediaSsrc = producers[0].Streams[0].Ssrc;
        lock (_receiveLock)
        {
            for (var i = 0; i < 4 && _transportCc.IsFeedbackDue(now); i++)
            {
                var length = _transportCc.WriteFeedback(_tickBuffer, RtcpSsrc, mediaSsrc, now);
                if (length == 0)
                {
                    break;
                }

                SendRtcpCopy(_tickBuffer.AsSpan(0, length));
            }
        }
    }

    private void SendReceiverReports(Producer[] producers, long now)
    {
        var count = 0;
        long expected = 0, lost = 0;
        var rembSsrcs = new List<uint>();
        foreach (var producer in producers)
        {
            foreach (var stream in producer.Streams)
            {
                lock (stream.SyncRoot)
                {
                    if (stream.Statistics is { IsValid: true } statistics && count < _reportBlocks.Length)
                    {
                        _reportBlocks[count++] = statistics.CreateReportBlock(now);
                        expected += statistics.LastIntervalExpected;
                        lost += statistics.LastIntervalLost;
                    }
                }

                if (stream.HasSsrc && (producer.Codec.Feedback & RtcpFeedback.GoogRemb) != 0)
                {
                    rembSsrcs.Add(stream.Ssrc);
                }
            }
        }

        // Counted once per report, outside the streams' locks (a meter listener's callback must not run under them).
        if (count > 0)
        {
            SfuInstruments.PacketsExpected.Add(expected);
            SfuInstruments.PacketsLost.Add(lost, SfuInstruments.Uplink);
        }

        var length = 0;
        if (count > 0)
        {
            length = RtcpReceiverReport.Write(_tickBuffer, RtcpSsrc, _reportBlocks.AsSpan(0, count));
        }

        var cap = Interlocked.Read(ref _maxIncomingBitrate);
        if (cap > 0 && rembSsrcs.Count > 0)
        {
            length += RtcpReceiverEstimatedMaxBitrate.Write(_tickBuffer.AsSpan(length), RtcpSsrc, (ulong)cap, rembSsrcs.ToArray());
        }

        if (length > 0)
        {
            SendRtcpCopy(_tickBuffer.AsSpan(0, length));
        }
    }

    /// <summary>
    /// An SR + SDES CNAME per forwarding consumer. The NTP/RTP pair comes from the publisher's SR mapping of the
    /// current layer shifted by the consumer's timestamp offset, so one publisher's audio and video stay in sync;
    /// before the publisher's first SR it is extrapolated from the last packet sent.
    /// </summary>
    private void SendSenderReports(long now)
    {
        foreach (var consumer in Volatile.Read(ref _consumers))
        {
            if (!consumer.TryGetSenderInfo(out var layer, out var timestampOffset, out var last, out var packets, out var octets))
            {
                continue;
            }

            var stream = consumer.Producer.Streams[layer];
            ulong ntp;
            uint rtp;
            bool mapped;
            lock (stream.SyncRoot)
            {
                mapped = stream.Clock.TryGetSenderReport(timestampOffset, out ntp, out rtp);
            }

            if (!mapped)
            {
                ntp = NtpTime.FromDateTimeOffset(Time.GetUtcNow());
                rtp = unchecked(last.LastTimestamp + (uint)(Time.GetElapsedTime(last.LastSentAt, now).TotalSeconds * consumer.Producer.Codec.ClockRate));
            }

            var length = RtcpSenderReport.Write(_tickBuffer, consumer.Ssrc, ntp, rtp, (uint)packets, (uint)octets, []);
            length += RtcpSourceDescription.WriteCanonicalName(_tickBuffer.AsSpan(length), consumer.Ssrc, consumer.Producer.Transport.Id);
            lock (_rtcpLock)
            {
                _roundTripTime.OnSenderReportSent(ntp, now);
            }

            SendRtcpCopy(_tickBuffer.AsSpan(0, length));
        }
    }

    /// <summary>Splits the estimated outgoing bitrate among this transport's consumers; each gets a layer cap (bounded by its preference).</summary>
    private void AllocateLayers(long now)
    {
        var consumers = Volatile.Read(ref _consumers);
        if (consumers.Length == 0)
        {
            return;
        }

        long available;
        lock (_sendLock)
        {
            available = _estimator.AvailableBitrate;
        }

        var views = new LayerConsumer[consumers.Length];
        var states = new LayerAllocationState[consumers.Length];
        var bitrates = new List<long>();
        for (var i = 0; i < consumers.Length; i++)
        {
            var consumer = consumers[i];
            var producer = consumer.Producer;
            var first = bitrates.Count;
            foreach (var stream in producer.Streams)
            {
                bitrates.Add(stream.Active ? Math.Max(stream.Bitrate, 1) : 0);
            }

            var preferred = Math.Min(consumer.PreferredSpatialLayer ?? producer.LayerCount - 1, producer.LayerCount - 1);
            views[i] = new LayerConsumer(producer.Kind, consumer.Paused || producer.Paused, preferred, first, producer.LayerCount);
            states[i] = consumer.AllocationState;
        }

        _allocator.Allocate(available, views, bitrates.ToArray(), states, now);
        for (var i = 0; i < consumers.Length; i++)
        {
            consumers[i].AllocationState = states[i];
            if (consumers[i].Kind == MediaKind.Video && consumers[i].Producer.LayerCount > 1)
            {
                // No layer fits: keep the lowest rather than freezing the picture.
                consumers[i].SetAllocatedLayer(Math.Max(states[i].Layer, 0));
            }
        }
    }

    /// <summary>
    /// NACKs what <paramref name="stream"/> is missing right now (a new gap); on the receive path, so it writes into
    /// the send buffer under the send lock, taking the stream's lock inside it (the usual order).
    /// </summary>
    internal void SendNacksNow(ProducerStream stream)
    {
        var rtt = RoundTripTimeOrNull ?? TimeSpan.FromMilliseconds(100);
        var now = Time.GetTimestamp();
        lock (_sendLock)
        {
            int length;
            lock (stream.SyncRoot)
            {
                length = stream.HasSsrc && stream.Nacks is { } nacks ? nacks.WriteNack(_sendBuffer, RtcpSsrc, stream.Ssrc, now, rtt) : 0;
            }

            if (length > 0)
            {
                SendRtcpLocked(length);
            }
        }
    }

    /// <summary>Sends a packet built elsewhere (the tick buffer) through the send lock.</summary>
    private void SendRtcpCopy(ReadOnlySpan<byte> packet)
    {
        lock (_sendLock)
        {
            if (_link.SendRtcp(packet))
            {
                _rtcpPacketsSent++;
            }
            else
            {
                _sendFailures++;
            }
        }
    }

    private void RecordSentLocked(int length)
    {
        if (_lastSendStamped)
        {
            _sendHistory.Record(_transportSequenceNumber, length, Time.GetTimestamp());
            _lastSendStamped = false;
        }
    }

    private void AddQualityStats(ref TransportStats stats)
    {
        double? incomingLoss = null;
        TimeSpan? jitter = null;
        foreach (var producer in Volatile.Read(ref _producers))
        {
            foreach (var stream in producer.Streams)
            {
                lock (stream.SyncRoot)
                {
                    if (stream.Statistics is { IsValid: true } statistics)
                    {
                        incomingLoss = Math.Max(incomingLoss ?? 0, NetworkQuality.FromFractionLost(statistics.LastFractionLost));
                        jitter = jitter is { } j && j > statistics.JitterTime ? j : statistics.JitterTime;
                    }
                }
            }
        }

        double? outgoingLoss = null;
        long? available = null;
        if (_hasBandwidthFeedback)
        {
            lock (_sendLock)
            {
                outgoingLoss = _estimator.LossFraction;
                available = _estimator.AvailableBitrate;
            }
        }

        foreach (var consumer in Volatile.Read(ref _consumers))
        {
            if (consumer.ReportedLossFraction is { } loss)
            {
                outgoingLoss = Math.Max(outgoingLoss ?? 0, loss);
            }
        }

        var rtt = RoundTripTimeOrNull;
        var hasUplink = incomingLoss is not null;
        var hasDownlink = outgoingLoss is not null || Volatile.Read(ref _consumers).Length > 0;
        stats = stats with
        {
            RoundTripTime = rtt,
            AvailableOutgoingBitrate = available,
            IncomingLossFraction = incomingLoss,
            OutgoingLossFraction = outgoingLoss,
            UplinkQuality = hasUplink ? (int)NetworkQuality.Rate(incomingLoss, rtt, jitter) : null,
            DownlinkQuality = hasDownlink ? (int)NetworkQuality.Rate(outgoingLoss, rtt, null) : null,
        };
    }
}
