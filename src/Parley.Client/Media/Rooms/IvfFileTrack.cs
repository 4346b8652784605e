namespace Parley.Client.Media.Rooms;

/// <summary>
/// A VP8 track read from an IVF file, each frame sent at its timestamp (the IVF time base converted to 90 kHz RTP
/// time), optionally looping with continuous timestamps. The whole file is read at construction.
/// </summary>
public sealed class IvfFileTrack : LocalTrack
{
    private readonly IReadOnlyList<IvfFrame> _frames;

    public IvfFileTrack(string path, MediaSource source = MediaSource.Camera, bool loop = false)
        : base(source)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (source == MediaSource.Microphone)
        {
            throw new ArgumentException("An IVF file is video: use Camera or Screen.", nameof(source));
        }

        using var stream = File.OpenRead(path);
        using var reader = IvfReader.Open(stream);
        if (!string.Equals(reader.Header.FourCc, "VP80", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is {reader.Header.FourCc}, not VP8 (VP80).");
        }

        if (reader.Header.TimebaseDenominator == 0 || reader.Header.TimebaseNumerator == 0)
        {
            throw new InvalidDataException($"{path} has a zero time base.");
        }

        Header = reader.Header;
        _frames = reader.ReadAllFrames();
        if (_frames.Count == 0)
        {
            throw new InvalidDataException($"{path} has no frame.");
        }

        Loop = loop;
    }

    public override string Codec => "VP8";

    public IvfHeader Header { get; }

    public bool Loop { get; }

    public int FrameCount => _frames.Count;

    /// <summary>When frame <paramref name="index"/> of pass <paramref name="pass"/> is due, from the start of sending.</summary>
    public TimeSpan SendTimeOf(int index, int pass) => TimeSpan.FromSeconds(Seconds(_frames[index].Timestamp) + pass * LoopSeconds);

    /// <summary>The 90 kHz RTP timestamp of frame <paramref name="index"/> of pass <paramref name="pass"/>.</summary>
    public uint RtpTimestampOf(int index, int pass) => unchecked((uint)Math.Round((Seconds(_frames[index].Timestamp) + pass * LoopSeconds) * 90_000));

    // A pass lasts until the last frame plus one frame interval (the mean interval; 1/30 s for a single frame).
    private double LoopSeconds => _frames.Count == 1
        ? 1.0 / 30
        : Seconds(_frames[^1].Timestamp) - Seconds(_frames[0].Timestamp) + (Seconds(_frames[^1].Timestamp) - Seconds(_frames[0].Timestamp)) / (_frames.Count - 1);

    private double Seconds(ulong timestamp) => (double)timestamp * Header.TimebaseNumerator / Header.TimebaseDenominator;

    internal override async Task RunAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var sender = Sender ?? throw new InvalidOperationException("Not published.");
        long start = time.GetTimestamp();
        for (int pass = 0; ; pass++)
        {
            for (int i = 0; i < _frames.Count; i++)
            {
                await WaitUntilAsync(time, start, SendTimeOf(i, pass) - SendTimeOf(0, 0), cancellationToken).ConfigureAwait(false);
                if (!Muted)
                {
                    sender.SendVp8Frame(_frames[i].Data.Span, RtpTimestampOf(i, pass));
                    CountFrame(_frames[i].Data.Length);
                }
            }

            if (!Loop)
            {
                Complete();
                return;
            }
        }
    }
}
