using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using Parley.Client.Media;
using Parley.Srtp;
using Parley.Testing;

namespace Parley.Client.Tests.Media;

/// <summary>The C# echo client against the real server's <c>/api/echo</c> over loopback UDP.</summary>
public sealed class EchoClientTests : IAsyncLifetime
{
    private ParleyTestServer? _server;

    public static TheoryData<SrtpProfile> Profiles =>
    [
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
        SrtpProfile.AesCm128HmacSha1_80,
        SrtpProfile.AesCm128HmacSha1_32,
    ];

    public async Task InitializeAsync() => _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Media:UdpPort"] = "0",
        ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
    });

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Vp8_from_an_ivf_file_and_opus_from_an_ogg_file_come_back_decrypted(SrtpProfile profile)
    {
        await using var echo = await EchoClient.ConnectAsync(_server!.BaseUri, new EchoClientOptions { ServerSrtpProfiles = [profile] });
        var received = new ConcurrentDictionary<(uint Ssrc, ushort Sequence), byte[]>();
        echo.PacketReceived += packet => received[(BinaryPrimitives.ReadUInt32BigEndian(packet[8..]), BinaryPrimitives.ReadUInt16BigEndian(packet[2..]))] = packet.ToArray();

        using var ivf = IvfReader.Open(MediaFileFactory.Ivf(5000, 800, 1300, 2500));
        int videoPackets = 0;
        foreach (var frame in ivf.ReadAllFrames())
        {
            videoPackets += echo.Video.SendVp8Frame(frame.Data.Span, (uint)frame.Timestamp * 3000);
        }

        using var ogg = OggOpusReader.Open(MediaFileFactory.OggOpus(25));
        uint audioTimestamp = 0;
        foreach (var packet in ogg.ReadAllPackets())
        {
            echo.Audio.SendOpus(packet.Span, audioTimestamp);
            audioTimestamp += (uint)OpusPacketInfo.GetSampleCount(packet.Span);
        }

        for (int i = 0; i < 10; i++)
        {
            echo.Video.SendSynthetic(1000, 99_000);
        }

        int expected = videoPackets + 25 + 10;
        await EventuallyAsync(() => received.Count == expected, $"{received.Count} of {expected} packets came back");
        Assert.Equal(5 + 1 + 2 + 3, videoPackets); // 1200-byte payloads: 5000 → 5, 800 → 1, 1300 → 2, 2500 → 3
        Assert.Equal(profile, echo.SrtpProfile);
        Assert.Equal(25, received.Keys.Count(key => key.Ssrc == echo.Audio.Ssrc));
        var firstVideo = received.Where(pair => pair.Key.Ssrc == echo.Video.Ssrc).OrderBy(pair => pair.Key.Sequence).First().Value;
        Assert.True(Vp8Packetizer.IsKeyframeStart(firstVideo.AsSpan(12)), "the first echoed video packet starts the keyframe");

        using var stats = JsonDocument.Parse(await echo.GetServerStatsJsonAsync());
        Assert.Equal(SrtpProfileNames(profile), stats.RootElement.GetProperty("srtpProfile").GetString());
        Assert.Equal(expected, stats.RootElement.GetProperty("rtpPacketsIn").GetInt64());
    }

    [Fact]
    public async Task Deleting_the_session_closes_the_transport()
    {
        var echo = await EchoClient.ConnectAsync(_server!.BaseUri);
        var location = echo.Location!;
        using var http = _server.CreateClient();

        await echo.DisposeAsync();

        using var response = await http.GetAsync(new Uri(location, location.AbsolutePath + "/stats"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_offer_with_the_wrong_content_type_is_refused()
    {
        using var http = _server!.CreateClient();
        using var response = await http.PostAsync("/api/echo", new StringContent("v=0"));
        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_offer_that_is_not_sdp_is_refused_with_a_reason()
    {
        using var http = _server!.CreateClient();
        using var content = new StringContent("hello");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
        using var response = await http.PostAsync("/api/echo", content);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("SDP", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string SrtpProfileNames(SrtpProfile profile) => Parley.Srtp.SrtpProfileNames.ToName(profile);

    private static async Task EventuallyAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, because);
            await Task.Delay(20);
        }
    }
}
