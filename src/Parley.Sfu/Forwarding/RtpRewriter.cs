using Parley.Rtp;

namespace Parley.Sfu.Forwarding;

/// <summary>
/// One consumer's mapping from input (producer layer) numbering to output numbering: sequence number,
/// timestamp, VP8 picture id and TL0PICIDX, each as an offset. Offsets change only at a switch point
/// (docs/sfu.md "Continuity"): next sequence number = last + 1, next timestamp = last + the wall time elapsed
/// since the last packet sent, in the codec's clock (at least 1), next picture id and TL0PICIDX = last + 1.
/// Not thread-safe: guarded by the consumer's lock.
/// </summary>
internal sealed class RtpRewriter
{
    private const int PictureIdModulus = 1 << 15;

    private readonly TimeProvider _time;
    private readonly int _clockRate;
    private bool _hasOutput;
    private bool _syncPending = true;
    private RtpRewriterState _last;
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private int _pictureIdOffset;
    private byte _tl0Offset;
    // Input numbering extended from the switch point on, so "older than the switch point" means exactly that for
    // as long as the stream runs: a fixed 16-bit reference compared by half-range turned every packet "older"
    // 32,768 packets after the switch point (about 2 minutes of video) and the consumer went dark for the next 32,768.
    private SequenceNumberUnwrapper _inputSequence;
    private long _syncInputIndex;
    private bool _hasPictureIdBase;
    private bool _hasTl0Base;

    public RtpRewriter(TimeProvider time, int clockRate, RtpRewriterState? previous = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1);
        _time = time;
        _clockRate = clockRate;
        if (previous is { } state)
        {
            _last = state;
            _hasOutput = true;
        }
    }

    /// <summary>True once a packet went out; <see cref="State"/> is meaningful from then on.</summary>
    public bool HasOutput => _hasOutput;

    public RtpRewriterState State => _last;

    /// <summary>Output timestamp minus input timestamp since the last switch point (for SRs: the publisher's clock shifted).</summary>
    public uint TimestampOffset => _timestampOffset;

    /// <summary>True until the next accepted packet (which becomes the switch point).</summary>
    public bool SyncPending => _syncPending;

    /// <summary>Makes the next packet passed to <see cref="TryRewrite"/> a switch point.</summary>
    public void RequestSync() => _syncPending = true;

    /// <summary>
    /// Maps one input packet. False when the packet is older than the last switch point (it belongs before
    /// the switch and would reuse output numbers). <paramref name="pictureId"/> and <paramref name="tl0PicIdx"/>
    /// are -1 when the packet has none; the outputs are -1 then too.
    /// </summary>
    public bool TryRewrite(ushort sequenceNumber, uint timestamp, int pictureId, int tl0PicIdx, out RtpRewriteResult result)
    {
        if (_syncPending)
        {
            Sync(sequenceNumber, timestamp, pictureId, tl0PicIdx);
        }
        else if (_inputSequence.Unwrap(sequenceNumber) < _syncInputIndex)
        {
            result = default;
            return false;
        }

        var outSequence = (ushort)(sequenceNumber + _sequenceOffset);
        var outTimestamp = timestamp + _timestampOffset;
        var outPictureId = -1;
        if (pictureId >= 0)
        {
            if (!_hasPictureIdBase)
            {
                // A stream that starts carrying picture ids after the switch point: continue from the last one.
                _pictureIdOffset = Modulo(_last.LastPictureId + 1 - pictureId, PictureIdModulus);
                _hasPictureIdBase = true;
            }

            outPictureId = (pictureId + _pictureIdOffset) & (PictureIdModulus - 1);
        }

        var outTl0 = -1;
        if (tl0PicIdx >= 0)
        {
            if (!_hasTl0Base)
            {
                _tl0Offset = (byte)(_last.LastTl0PicIdx + 1 - tl0PicIdx);
                _hasTl0Base = true;
            }

            outTl0 = (byte)(tl0PicIdx + _tl0Offset);
        }

        if (!_hasOutput || SequenceNumber.IsNewer(outSequence, _last.LastSequenceNumber))
        {
            _last = new RtpRewriterState(
                outSequence,
                outTimestamp,
                _time.GetTimestamp(),
                outPictureId >= 0 ? outPictureId : _last.LastPictureId,
                outTl0 >= 0 ? (byte)outTl0 : _last.LastTl0PicIdx);
            _hasOutput = true;
        }

        result = new RtpRewriteResult(outSequence, outTimestamp, outPictureId, outTl0);
        return true;
    }

    /// <summary>
    /// An input packet deliberately not forwarded (e.g. a temporal layer above the preferred one): when it is
    /// the next in order, later packets shift down by one so the receiver sees no gap to NACK.
    /// </summary>
    public void Skip(ushort sequenceNumber)
    {
        if (!_syncPending)
        {
            _inputSequence.Unwrap(sequenceNumber); // skipped packets move the extended numbering on too
        }

        if (!_syncPending && _hasOutput && (ushort)(sequenceNumber + _sequenceOffset) == (ushort)(_last.LastSequenceNumber + 1))
        {
            _sequenceOffset--;
        }
    }

    private void Sync(ushort sequenceNumber, uint timestamp, int pictureId, int tl0PicIdx)
    {
        _syncPending = false;
        _inputSequence = default;
        _syncInputIndex = _inputSequence.Unwrap(sequenceNumber);
        if (!_hasOutput)
        {
            // The first packet of a new outgoing stream keeps the input's numbers: any start is valid.
            _sequenceOffset = 0;
            _timestampOffset = 0;
            _pictureIdOffset = 0;
            _tl0Offset = 0;
            _hasPictureIdBase = pictureId >= 0;
            _hasTl0Base = tl0PicIdx >= 0;
            return;
        }

        _sequenceOffset = (ushort)(_last.LastSequenceNumber + 1 - sequenceNumber);
        var elapsed = _time.GetElapsedTime(_last.LastSentAt);
        var ticks = Math.Max(1L, (long)(elapsed.TotalSeconds * _clockRate));
        _timestampOffset = (uint)(_last.LastTimestamp + (uint)ticks - timestamp);
        _hasPictureIdBase = pictureId >= 0;
        if (_hasPictureIdBase)
        {
            _pictureIdOffset = Modulo(_last.LastPictureId + 1 - pictureId, PictureIdModulus);
        }

        _hasTl0Base = tl0PicIdx >= 0;
        if (_hasTl0Base)
        {
            _tl0Offset = (byte)(_last.LastTl0PicIdx + 1 - tl0PicIdx);
        }
    }

    private static int Modulo(int value, int modulus) => ((value % modulus) + modulus) % modulus;
}
