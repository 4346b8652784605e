using Parley.Dtls;
using Parley.Srtp;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>Servers on a free loopback port and transport settings for tests.</summary>
internal static class WebRtcTestFactory
{
    /// <summary>A fingerprint no certificate has: enough for tests that never reach DTLS.</summary>
    public static readonly DtlsFingerprint UnusedFingerprint = DtlsFingerprint.Parse("sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");

    public static WebRtcServer StartServer(TimeProvider? time = null, TimeSpan? consentTimeout = null, string? srtpProfiles = null)
    {
        var options = new MediaOptions
        {
            UdpPort = 0,
            SrtpProfiles = srtpProfiles ?? string.Empty,
            ConsentTimeout = consentTimeout ?? TimeSpan.FromSeconds(30),
        };
        options.AnnouncedAddresses.Add("127.0.0.1");
        return WebRtcServer.Start(options, time);
    }

    public static WebRtcTransportSettings Settings(string remoteUfrag, DtlsFingerprint? remoteFingerprint = null, IReadOnlyList<SrtpProfile>? profiles = null) => new()
    {
        RemoteUsernameFragment = remoteUfrag,
        RemoteFingerprint = remoteFingerprint ?? UnusedFingerprint,
        SrtpProfiles = profiles,
    };

    public static WebRtcTransportSettings Settings(DtlsCertificate clientCertificate, string remoteUfrag, IReadOnlyList<SrtpProfile>? profiles = null) =>
        Settings(remoteUfrag, clientCertificate.Fingerprint, profiles);

    /// <summary>Polls <paramref name="condition"/> for up to <paramref name="timeout"/> (default 5 s), failing afterwards.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because ?? "The condition did not become true in time.");
            }

            await Task.Delay(20);
        }
    }
}
