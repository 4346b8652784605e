namespace Parley.Client.Media.Rooms;

/// <summary>
/// Something this client publishes: an IVF file (<see cref="IvfFileTrack"/>, VP8 paced by its frame timestamps), an
/// Ogg Opus file (<see cref="OggOpusFileTrack"/>, paced by each packet's duration) or RTP the caller pushes
/// (<see cref="RtpTrackWriter"/>). Published with <c>ParleyClient.PublishAsync</c>; one track publishes once.
/// </summary>
public abstract class LocalTrack
{
    private RtpStreamSender? _sender;
    private volatile bool _muted;
    private volatile bool _adminMuted;

    protected LocalTrack(MediaSource source)
    {
        Source = source;
    }

    public MediaSource Source { get; }

    public MediaKind Kind => MediaWireNames.KindOf(Source);

    /// <summary>The codec name as the SDP spells it (<c>VP8</c>, <c>opus</c>).</summary>
    public abstract string Codec { get; }

    /// <summary>True while muted: nothing is sent (file sources keep their clock and skip).</summary>
    public bool Muted
    {
        get => _muted;
        internal set => _muted = value;
    }

    /// <summary>
    /// True while an operator keeps this track muted (admin API, <c>trackAdminMuted</c>): the server forwards nothing of it
    /// and unmuting it fails with 90030 until the operator releases it.
    /// </summary>
    public bool AdminMuted
    {
        get => _adminMuted;
        internal set => _adminMuted = value;
    }

    /// <summary>The producer id the server gave this track; null until published.</summary>
    public string? ProducerId { get; internal set; }

    /// <summary>The send-transport section (mid) carrying this track; null until published.</summary>
    public string? Mid { get; internal set; }

    /// <summary>Our SSRC for this track.</summary>
    public uint Ssrc { get; } = BitConverter.ToUInt32(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary>RTP packets sent so far.</summary>
    public long PacketsSent => _sender?.PacketsSent ?? 0;

    /// <summary>Frames (VP8 pictures, Opus packets) sent so far.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Payload bytes of the frames sent so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Completes when a file source has sent its last frame (never for looping files or pushed RTP).</summary>
    public Task Completion => _completion.Task;

    private long _framesSent;
    private long _bytesSent;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends a finished plaintext RTP packet (the caller's own, for <see cref="RtpTrackWriter"/>); set before <see cref="Sender"/>.</summary>
    internal RtpPacketSink? RawSink { get; private set; }

    /// <summary>The sender once published; null before.</summary>
    internal RtpStreamSender? Sender => _sender;

    /// <summary>Called once the send transport is connected: from now on the track's media goes to <paramref name="sender"/>.</summary>
    internal void Attach(RtpStreamSender sender, RtpPacketSink rawSink)
    {
        RawSink = rawSink;
        if (Interlocked.CompareExchange(ref _sender, sender, null) is not null)
        {
            throw new InvalidOperationException("This track is already published.");
        }
    }

    /// <summary>
    /// The send transport closed (the stay ended): the track sends nothing any more and may be published again
    /// later, in this room or another.
    /// </summary>
    internal void Detach()
    {
        Volatile.Write(ref _sender, null);
        RawSink = null;
        _adminMuted = false; // an operator's lock lasts for the stay

        ProducerId = null;
        Mid = null;
    }

    /// <summary>Runs the track's own clock (file sources) until it ends or <paramref name="cancellationToken"/> fires.</summary>
    internal virtual Task RunAsync(TimeProvider time, CancellationToken cancellationToken) => Task.CompletedTask;

    protected void CountFrame(int payloadBytes)
    {
        Interlocked.Increment(ref _framesSent);
        Interlocked.Add(ref _bytesSent, payloadBytes);
    }

    protected void Complete() => _completion.TrySetResult();

    /// <summary>Waits until <paramref name="offset"/> after <paramref name="startTimestamp"/> on <paramref name="time"/>.</summary>
    protected static async Task WaitUntilAsync(TimeProvider time, long startTimestamp, TimeSpan offset, CancellationToken cancellationToken)
    {
        var delay = offset - time.GetElapsedTime(startTimestamp);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
