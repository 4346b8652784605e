namespace Parley.Server.Media.Recording;

internal enum RecordingItemKind
{
    /// <summary>An RTP packet of a track (its buffer is the writer's to return).</summary>
    Packet,

    /// <summary>The track's producer left: its file is finished.</summary>
    Close,

    /// <summary>The recording's timer: holes that waited long enough, key-frame retries, simulcast layer choice.</summary>
    Tick,
}
