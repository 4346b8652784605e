namespace Parley.Sfu.Forwarding;

/// <summary>How one output packet was made: which input packet of which layer, and the numbers written into it.</summary>
internal readonly record struct SequencerEntry(
    ushort OutputSequenceNumber,
    int Layer,
    ushort InputSequenceNumber,
    uint OutputTimestamp,
    int PictureId,
    int Tl0PicIdx);
