namespace Parley.Sfu.Forwarding;

/// <summary>The output numbers for one forwarded packet; picture id and TL0PICIDX are -1 when the packet has none.</summary>
internal readonly record struct RtpRewriteResult(ushort SequenceNumber, uint Timestamp, int PictureId, int Tl0PicIdx);
