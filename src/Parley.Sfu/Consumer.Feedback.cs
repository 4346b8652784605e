using Parley.Rtp.Rtcp;
using Parley.Sfu.Quality;

namespace Parley.Sfu;

/// <summary>The subscriber's RTCP about this consumer: receiver reports (loss), NACKs (answered from the producer's cache), PLI/FIR.</summary>
public sealed partial class Consumer
{
    /// <summary>The subscriber's last reported fraction lost (0–1) for this consumer's SSRC; null before its first RR.</summary>
    internal double? ReportedLossFraction { get; private set; }

    // The highest cumulative number lost the subscriber reported for our SSRC (RFC 3550 §6.4.1), carried over from a
    // retired consumer of the same SSRC. A high-water mark: duplicates can make the reported number go down, and
    // counting from a lower value would count the same losses twice when it rises again.
    private int _reportedCumulativeLost;

    /// <summary>The subscriber's report block for this consumer's SSRC: its loss, and what it lost beyond what it reported before (counted).</summary>
    internal void OnReceiverReport(in RtcpReportBlock block)
    {
        ReportedLossFraction = NetworkQuality.FromFractionLost(block.FractionLost);
        var seen = Volatile.Read(ref _reportedCumulativeLost);
        while (block.CumulativeLost > seen)
        {
            var before = Interlocked.CompareExchange(ref _reportedCumulativeLost, block.CumulativeLost, seen);
            if (before == seen)
            {
                SfuInstruments.PacketsLost.Add(block.CumulativeLost - seen, SfuInstruments.Downlink);
                return;
            }

            seen = before;
        }
    }

    /// <summary>A NACK from the subscriber: each lost output packet is rebuilt from the producer's cache and resent (as RTX when negotiated).</summary>
    internal void OnNack(in RtcpGenericNack nack)
    {
        var resent = 0;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _nacksReceived++;
            foreach (var lost in nack.LostSequenceNumbers)
            {
                if (!_sequencer.TryGet(lost, out var entry) || entry.Layer >= Producer.LayerCount)
                {
                    _nacksUnanswered++;
                    continue;
                }

                var sent = Transport.SendRetransmission(this, Producer.Streams[entry.Layer], in entry);
                if (sent > 0)
                {
                    _retransmissionsSent++;
                    resent++;
                    _bytesSent += sent;
                }
                else
                {
                    _nacksUnanswered++;
                }
            }
        }

        // Counted after the lock: a meter listener's callback must not run while the consumer is held.
        SfuInstruments.NacksReceived.Add(1);
        if (resent > 0)
        {
            SfuInstruments.RetransmissionsSent.Add(resent);
        }
    }

    /// <summary>A PLI or FIR from the subscriber: relayed (throttled) to the layer it is receiving, or switching to.</summary>
    internal void OnKeyFrameRequest(bool fullIntraRequest)
    {
        int layer;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            if (fullIntraRequest)
            {
                _firsReceived++;
            }
            else
            {
                _plisReceived++;
            }

            layer = _currentLayer >= 0 ? _currentLayer : _targetLayer;
        }

        SfuInstruments.KeyFrameRequestsReceived.Add(1, fullIntraRequest ? SfuInstruments.Fir : SfuInstruments.Pli);

        if (layer >= 0)
        {
            Producer.RequestKeyFrame(layer);
        }
    }
}
