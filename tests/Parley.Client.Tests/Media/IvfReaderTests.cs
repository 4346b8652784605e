using Parley.Client.Media;

namespace Parley.Client.Tests.Media;

public sealed class IvfReaderTests
{
    [Fact]
    public void Frames_written_to_an_ivf_file_are_read_back_in_order()
    {
        using var reader = IvfReader.Open(MediaFileFactory.Ivf(1500, 300, 4000));

        Assert.Equal("VP80", reader.Header.FourCc);
        Assert.Equal(320, reader.Header.Width);
        Assert.Equal(240, reader.Header.Height);
        Assert.Equal(30u, reader.Header.TimebaseDenominator);
        var frames = reader.ReadAllFrames();
        Assert.Equal([1500, 300, 4000], frames.Select(f => f.Data.Length));
        Assert.Equal([0ul, 1ul, 2ul], frames.Select(f => f.Timestamp));
        Assert.Equal(MediaFileFactory.Frame(2, 4000), frames[2].Data.ToArray());
    }

    [Fact]
    public void A_stream_that_is_not_ivf_is_rejected()
    {
        using var stream = new MemoryStream(new byte[64]);
        Assert.Throws<InvalidDataException>(() => IvfReader.Open(stream));
    }

    [Fact]
    public void A_truncated_last_frame_ends_the_file_without_throwing()
    {
        var bytes = MediaFileFactory.Ivf(100, 200).ToArray();
        using var reader = IvfReader.Open(new MemoryStream(bytes[..^50]));

        Assert.True(reader.TryReadFrame(out var first));
        Assert.Equal(100, first.Data.Length);
        Assert.False(reader.TryReadFrame(out _));
    }
}
