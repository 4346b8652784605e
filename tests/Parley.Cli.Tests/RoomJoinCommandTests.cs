namespace Parley.Cli.Tests;

/// <summary><c>parley room join</c>: argument checks that need no server (the media path is covered in Parley.Client.Tests).</summary>
public sealed class RoomJoinCommandTests
{
    private static readonly string[] Required =
        ["room", "join", "--url", "ws://127.0.0.1:9/ws", "--sdk-app-id", "1400000001", "--identifier", "bot", "--user-sig", "sig", "--room", "1234"];

    [Fact]
    public void A_duration_that_is_not_one_is_refused_with_exit_code_2()
    {
        var run = CliRun.Of([.. Required, "--duration", "soon"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--duration 'soon'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_video_file_is_refused_before_connecting()
    {
        var run = CliRun.Of([.. Required, "--publish-video", "/nonexistent/clip.ivf", "--duration", "1s"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("clip.ivf", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_room_id_is_required()
    {
        var run = CliRun.Of("room", "join", "--url", "ws://127.0.0.1:9/ws", "--sdk-app-id", "1", "--identifier", "bot", "--user-sig", "sig");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--room", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_that_is_not_a_websocket_is_refused()
    {
        var run = CliRun.Of("room", "join", "--url", "http://127.0.0.1:9/ws", "--sdk-app-id", "1", "--identifier", "bot", "--user-sig", "sig", "--room", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ws://", run.Error, StringComparison.Ordinal);
    }
}
