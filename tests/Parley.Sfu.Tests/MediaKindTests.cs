using Parley.Sfu;

namespace Parley.Sfu.Tests;

public sealed class MediaKindTests
{
    [Fact]
    public void Audio_and_video_are_the_two_kinds() =>
        Assert.Equal([MediaKind.Audio, MediaKind.Video], Enum.GetValues<MediaKind>());
}
