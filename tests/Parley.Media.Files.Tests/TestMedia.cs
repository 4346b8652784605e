using System.Diagnostics;
using Parley.Client.Media;

namespace Parley.Media.Files.Tests;

/// <summary>
/// Media for the tests: synthetic VP8 frames (a valid key-frame header, arbitrary bytes after it) for structure tests,
/// and real VP8 and Opus from Debian's ffmpeg (libvpx, libopus) for the tests that decode what we write.
/// </summary>
internal static class TestMedia
{
    private static readonly Lazy<Task<(List<byte[]> Frames, int Width, int Height)>> RealVp8 = new(MakeRealVp8Async);
    private static readonly Lazy<Task<(List<byte[]> Packets, int Channels)>> RealOpus = new(MakeRealOpusAsync);

    /// <summary>A VP8 key frame: frame tag with bit 0 clear, start code 9D 01 2A, 14-bit width and height (RFC 6386 §9.1).</summary>
    public static byte[] KeyFrame(int width, int height, int size = 200, byte fill = 0x55)
    {
        var frame = Enumerable.Repeat(fill, size).ToArray();
        frame[0] = 0x10;
        frame[1] = 0x02;
        frame[2] = 0x00;
        frame[3] = 0x9D;
        frame[4] = 0x01;
        frame[5] = 0x2A;
        frame[6] = (byte)width;
        frame[7] = (byte)(width >> 8);
        frame[8] = (byte)height;
        frame[9] = (byte)(height >> 8);
        return frame;
    }

    /// <summary>A VP8 inter frame: bit 0 of the frame tag set.</summary>
    public static byte[] InterFrame(int size = 80, byte fill = 0x33)
    {
        var frame = Enumerable.Repeat(fill, size).ToArray();
        frame[0] = 0x11;
        return frame;
    }

    /// <summary>Three seconds of 320×240 30 fps VP8 from libvpx, a key frame every 30 frames.</summary>
    public static Task<(List<byte[]> Frames, int Width, int Height)> RealVp8FramesAsync() => RealVp8.Value;

    /// <summary>Three seconds of 20 ms Opus packets from libopus.</summary>
    public static Task<(List<byte[]> Packets, int Channels)> RealOpusPacketsAsync() => RealOpus.Value;

    private static async Task<(List<byte[]>, int, int)> MakeRealVp8Async()
    {
        var path = Path.Combine(Path.GetTempPath(), $"parley-vp8-{Guid.NewGuid():N}.ivf");
        try
        {
            await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "3", "-c:v", "libvpx", "-g", "30", "-b:v", "300k", "-f", "ivf", path);
            using var reader = IvfReader.Open(File.OpenRead(path));
            return ([.. reader.ReadAllFrames().Select(frame => frame.Data.ToArray())], reader.Header.Width, reader.Header.Height);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(List<byte[]>, int)> MakeRealOpusAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"parley-opus-{Guid.NewGuid():N}.ogg");
        try
        {
            await FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "3", "-ac", "2", "-c:a", "libopus", "-b:a", "48k",
                "-frame_duration", "20", "-f", "ogg", path);
            using var reader = OggOpusReader.Open(File.OpenRead(path));
            return ([.. reader.ReadAllPackets().Select(packet => packet.ToArray())], reader.ChannelCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        const string program = "/usr/bin/ffmpeg";
        if (!File.Exists(program))
        {
            throw new InvalidOperationException("ffmpeg was not found: run scripts/install-ffmpeg.sh (the README test command ./test.sh does).");
        }

        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-y", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ffmpeg");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg exited {process.ExitCode}: {await errors}");
        }
    }
}
