namespace Parley.Client.Media.Rooms;

/// <summary>
/// An Opus track read from an Ogg Opus file: one RTP packet per Opus packet, each sent when the previous packets'
/// durations (20 ms for the usual packet) have elapsed, RTP time advancing by the packet's 48 kHz sample count.
/// </summary>
public sealed class OggOpusFileTrack : LocalTrack
{
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _packets;

    public OggOpusFileTrack(string path, bool loop = false)
        : base(MediaSource.Microphone)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        using var reader = OggOpusReader.Open(stream);
        _packets = reader.ReadAllPackets();
        if (_packets.Count == 0)
        {
            throw new InvalidDataException($"{path} has no Opus packet.");
        }

        Channels = reader.ChannelCount;
        Loop = loop;
    }

    public override string Codec => "opus";

    public byte Channels { get; }

    public bool Loop { get; }

    public int PacketCount => _packets.Count;

    internal override async Task RunAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var sender = Sender ?? throw new InvalidOperationException("Not published.");
        long start = time.GetTimestamp();
        long samples = 0; // 48 kHz samples sent so far: RTP time and the pacing clock
        do
        {
            foreach (var packet in _packets)
            {
                await WaitUntilAsync(time, start, TimeSpan.FromSeconds(samples / (double)OpusPacketInfo.ClockRate), cancellationToken).ConfigureAwait(false);
                if (!Muted)
                {
                    sender.SendOpus(packet.Span, unchecked((uint)samples));
                    CountFrame(packet.Length);
                }

                int count = OpusPacketInfo.GetSampleCount(packet.Span);
                samples += count > 0 ? count : 960; // an unreadable TOC: assume 20 ms
            }
        }
        while (Loop);

        Complete();
    }
}
