namespace Parley.Srtp.Tests;

using static RtpPackets;

public sealed class SrtpKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 60)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 88)]
    public void The_export_length_is_twice_key_plus_salt(SrtpProfile profile, int expected) =>
        Assert.Equal(expected, SrtpKeyingMaterial.ExportLength(profile));

    [Fact]
    public void The_exporter_output_splits_in_rfc5764_order()
    {
        // client key (16) | server key (16) | client salt (14) | server salt (14)
        var exported = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        var client = SrtpKeyingMaterial.Split(SrtpProfile.AesCm128HmacSha1_80, exported, isClient: true);
        var server = SrtpKeyingMaterial.Split(SrtpProfile.AesCm128HmacSha1_80, exported, isClient: false);

        Assert.Equal(exported[..16], client.LocalMasterKey.ToArray());
        Assert.Equal(exported[16..32], client.RemoteMasterKey.ToArray());
        Assert.Equal(exported[32..46], client.LocalMasterSalt.ToArray());
        Assert.Equal(exported[46..60], client.RemoteMasterSalt.ToArray());
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.RemoteMasterSalt.ToArray(), server.LocalMasterSalt.ToArray());
    }

    [Fact]
    public void A_wrong_exporter_length_is_an_api_error() =>
        Assert.Throws<ArgumentException>(() => SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, new byte[60], true));

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProfile.AeadAes256Gcm)]
    public void Client_and_server_sessions_from_the_same_export_talk_both_ways(SrtpProfile profile)
    {
        var exported = new byte[SrtpKeyingMaterial.ExportLength(profile)];
        new Random(7).NextBytes(exported);
        using var client = SrtpSession.FromKeyingMaterial(profile, exported, isClient: true);
        using var server = SrtpSession.FromKeyingMaterial(profile, exported, isClient: false);

        var toServer = Rtp(10, 1, 100);
        Assert.True(client.TryProtectRtp(toServer, 112, out var length));
        Assert.True(server.TryUnprotectRtp(toServer.AsSpan(0, length), out _));

        var toClient = Rtcp(2);
        Assert.True(server.TryProtectRtcp(toClient, 32, out length));
        Assert.True(client.TryUnprotectRtcp(toClient.AsSpan(0, length), out _));

        // A packet reflected back to its sender must not authenticate: each direction has its own keys.
        var reflected = Rtp(11, 1, 100);
        Assert.True(client.TryProtectRtp(reflected, 112, out length));
        Assert.False(client.TryUnprotectRtp(reflected.AsSpan(0, length), out _));
    }
}
