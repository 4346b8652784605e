using System.Text.Json;
using Microsoft.Playwright;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Browser.Tests;

/// <summary>
/// The proof that the whole stack works with a real browser: Chromium opens /echo with a fake camera and
/// microphone, and the video it gets back from the server keeps decoding.
/// </summary>
public sealed class ChromiumEchoTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private ParleyTestServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        });
        (_playwright, _browser) = await ChromiumLauncher.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("AEAD_AES_128_GCM", "SRTP_AEAD_AES_128_GCM")]
    [InlineData("AEAD_AES_256_GCM", "SRTP_AEAD_AES_256_GCM")]
    [InlineData("AES_CM_128_HMAC_SHA1_80", "SRTP_AES128_CM_HMAC_SHA1_80")]
    public async Task Chromium_receives_its_own_video_and_audio_back_with_the_preferred_srtp_profile(string serverFirst, string expectedBrowserCipher)
    {
        var page = await _browser!.NewPageAsync();
        PageLog.Attach(page, output);
        await page.GotoAsync(new Uri(_server!.BaseUri, $"/echo?autostart=1&srtpProfile={serverFirst}").ToString());

        var first = await WaitForAsync(page, s => s.VideoFramesDecoded > 0 && s.AudioPacketsReceived > 0 && s.ServerOfferedProfiles is not null, TimeSpan.FromSeconds(30));
        output.WriteLine($"Chromium offer:\n{first.OfferSdp}");
        output.WriteLine($"Chromium's ClientHello offered SRTP profiles: {first.ServerOfferedProfiles}");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await ReadStateAsync(page);
        output.WriteLine($"frames {first.VideoFramesDecoded} -> {later.VideoFramesDecoded}, audio packets {first.AudioPacketsReceived} -> {later.AudioPacketsReceived}");

        Assert.Null(later.Error);
        Assert.True(later.VideoFramesDecoded > first.VideoFramesDecoded + 10, $"echoed video stopped decoding ({first.VideoFramesDecoded} -> {later.VideoFramesDecoded})");
        Assert.True(later.AudioPacketsReceived > first.AudioPacketsReceived + 50, $"echoed audio stopped ({first.AudioPacketsReceived} -> {later.AudioPacketsReceived})");
        // getStats names profiles as the DTLS-SRTP IANA registry does.
        Assert.Equal(expectedBrowserCipher, later.SrtpCipher);
        Assert.Equal(serverFirst, later.ServerSrtpProfile);
        Assert.Contains(serverFirst, first.ServerOfferedProfiles!.Split(','));

        // RTT both ways: the browser's from our receiver reports, ours from its reflected sender reports.
        output.WriteLine($"RTT browser {later.BrowserRoundTripTime * 1000:F2} ms, server {later.ServerRoundTripTimeMs:F2} ms");
        Assert.NotNull(later.BrowserRoundTripTime);
        Assert.NotNull(later.ServerRoundTripTimeMs);

        // Jitter both ways: the browser's own estimate, and the server's receiver reports (RFC 3550 A.8) as the
        // browser reads them back. Real capture and scheduling never arrive perfectly on their RTP timestamps, so
        // a server report of exactly 0 on both streams would mean the server is not measuring.
        output.WriteLine($"jitter browser {later.VideoJitter * 1000:F2}/{later.AudioJitter * 1000:F2} ms, server {later.ServerVideoJitter * 1000:F2}/{later.ServerAudioJitter * 1000:F2} ms");
        Assert.NotNull(later.VideoJitter);
        Assert.NotNull(later.ServerVideoJitter);
        Assert.NotNull(later.ServerAudioJitter);
        Assert.True(later.ServerVideoJitter > 0 || later.ServerAudioJitter > 0, "the server's receiver reports say jitter 0 for both streams");
    }

    [Fact]
    public async Task The_echo_page_reports_a_clear_error_when_the_offer_is_refused()
    {
        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(new Uri(_server!.BaseUri, "/echo?autostart=1&srtpProfile=NOT_A_PROFILE").ToString());
        var state = await WaitForAsync(page, s => s.Error is not null, TimeSpan.FromSeconds(20));
        Assert.Contains("HTTP 400", state.Error, StringComparison.Ordinal);
        Assert.Contains("NOT_A_PROFILE", state.Error, StringComparison.Ordinal);
    }

    private async Task<EchoPageState> WaitForAsync(IPage page, Func<EchoPageState, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        EchoPageState state;
        do
        {
            state = await ReadStateAsync(page);
            if (condition(state))
            {
                return state;
            }

            if (state.State == "failed")
            {
                // A failed page does not recover; report its message instead of waiting out the timeout.
                throw new InvalidOperationException($"The echo page failed: {state.Error}");
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        output.WriteLine(JsonSerializer.Serialize(state));
        throw new TimeoutException($"The echo page did not reach the expected state in {timeout}: state '{state.State}', error '{state.Error}', frames {state.VideoFramesDecoded}, audio {state.AudioPacketsReceived}");
    }

    private static async Task<EchoPageState> ReadStateAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(
            @"() => { const s = window.parleyEcho; return JSON.stringify({
                state: s.state, error: s.error, offerSdp: s.offerSdp, srtpCipher: s.srtpCipher,
                videoFramesDecoded: s.video.framesDecoded, audioPacketsReceived: s.audio.packetsReceived,
                serverSrtpProfile: s.serverStats ? s.serverStats.srtpProfile : null,
                serverOfferedProfiles: s.serverStats && s.serverStats.offeredSrtpProfiles ? s.serverStats.offeredSrtpProfiles.join(',') : null,
                browserRoundTripTime: s.rtcpRoundTripTime ?? null,
                serverRoundTripTimeMs: s.serverStats ? s.serverStats.roundTripTimeMs : null,
                videoJitter: s.video.jitter, serverVideoJitter: s.video.serverJitter,
                audioJitter: s.audio.jitter, serverAudioJitter: s.audio.serverJitter }); }");
        return JsonSerializer.Deserialize<EchoPageState>(json, WebJson)!;
    }
}
