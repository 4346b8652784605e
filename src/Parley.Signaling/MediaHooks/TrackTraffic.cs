namespace Parley.Signaling.MediaHooks;

/// <summary>
/// One producer as its media node measures it: incoming bitrate over the last second (bits/s, all simulcast layers
/// together), the fraction (0–1) of its packets lost in the last receiver-report interval (the worst layer; null before
/// the first report), and whether an operator's mute lock is on its source.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.TrackTraffic")]
public sealed record TrackTraffic(string ProducerId, long BitrateBps, double? PacketLoss, bool AdminMuted);
