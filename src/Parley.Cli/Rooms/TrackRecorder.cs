using Parley.Client.Media;
using Parley.Client.Media.Rooms;

namespace Parley.Cli.Rooms;

/// <summary>
/// Writes one remote track to <c>&lt;dir&gt;/&lt;identifier&gt;-&lt;source&gt;.ivf</c> (VP8 frames, opened at the first key
/// frame, whose header gives the size) or <c>.ogg</c> (Opus packets). Frames arrive on the receive thread; writes are
/// serialised by a lock.
/// </summary>
internal sealed class TrackRecorder : IDisposable
{
    private readonly Lock _lock = new();
    private readonly RemoteTrack _track;
    private readonly string _path;
    private FileStream? _file;
    private IvfWriter? _ivf;
    private OggOpusWriter? _ogg;
    private uint? _firstTimestamp;
    private bool _disposed;

    public TrackRecorder(RemoteTrack track, string directory)
    {
        _track = track;
        string name = string.Concat($"{track.Identifier}-{track.Source.ToWire()}".Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
        _path = Path.Combine(directory, name + (track.Kind == MediaKind.Audio ? ".ogg" : ".ivf"));
        track.FrameReceived += OnFrame;
    }

    public string FilePath => _path;

    public long FramesWritten { get; private set; }

    public void Dispose()
    {
        _track.FrameReceived -= OnFrame;
        lock (_lock)
        {
            _disposed = true;
            _file?.Dispose();
        }
    }

    private void OnFrame(object? sender, EncodedFrame frame)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_track.Kind == MediaKind.Audio)
            {
                if (_ogg is null)
                {
                    _file = File.Create(_path);
                    _ogg = new OggOpusWriter(_file, channels: 2, inputSampleRate: 48_000);
                }

                _ogg.WritePacket(frame.Data);
            }
            else
            {
                if (_ivf is null)
                {
                    // A VP8 key frame: 3-byte tag, start code 9D 01 2A, then 14-bit width and height (RFC 6386 §9.1).
                    if (!frame.IsKeyFrame || frame.Data.Length < 10)
                    {
                        return;
                    }

                    ushort width = (ushort)(BitConverter.ToUInt16(frame.Data, 6) & 0x3FFF);
                    ushort height = (ushort)(BitConverter.ToUInt16(frame.Data, 8) & 0x3FFF);
                    _file = File.Create(_path);
                    _ivf = new IvfWriter(_file, "VP80", width, height, timebaseDenominator: 90_000, timebaseNumerator: 1, frameCount: 0);
                    _firstTimestamp = frame.Timestamp;
                }

                _ivf.WriteFrame(unchecked(frame.Timestamp - _firstTimestamp!.Value), frame.Data);
            }

            FramesWritten++;
        }
    }
}
