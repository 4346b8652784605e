using Org.BouncyCastle.Crypto.Parameters;

namespace Parley.Dtls.Tests;

public sealed class DtlsFingerprintTests
{
    [Fact]
    public void A_generated_certificate_is_ecdsa_p256_with_a_sha256_sdp_fingerprint()
    {
        var certificate = DtlsCertificate.Generate();

        var key = Assert.IsType<ECPublicKeyParameters>(certificate.Certificate.GetPublicKey());
        Assert.Equal(256, key.Parameters.Curve.FieldSize);
        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Fingerprint.ToString());
        Assert.True(certificate.Fingerprint.Matches(certificate.DerEncoded));
        certificate.Certificate.Verify(certificate.Certificate.GetPublicKey());
    }

    [Fact]
    public void A_fingerprint_round_trips_through_its_sdp_form_case_insensitively()
    {
        var certificate = DtlsCertificate.Generate();
        var text = certificate.Fingerprint.ToString();

        Assert.True(DtlsFingerprint.TryParse(text, out var parsed));
        Assert.Equal(certificate.Fingerprint, parsed);
        Assert.True(DtlsFingerprint.TryParse(text.ToLowerInvariant().Replace("sha-256", "SHA-256", StringComparison.Ordinal), out var lower));
        Assert.Equal(certificate.Fingerprint, lower);
    }

    [Fact]
    public void Two_certificates_have_different_fingerprints()
    {
        var first = DtlsCertificate.Generate();
        var second = DtlsCertificate.Generate();

        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.False(first.Fingerprint.Matches(second.DerEncoded));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-256 ZZ:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-256 000:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:0")]
    public void Malformed_fingerprints_do_not_parse(string? text) => Assert.False(DtlsFingerprint.TryParse(text, out _));

    [Fact]
    public void Other_hash_functions_are_understood_for_remote_fingerprints()
    {
        var certificate = DtlsCertificate.Generate();
        var sha384 = DtlsFingerprint.Compute(certificate.DerEncoded, "sha-384");

        Assert.True(DtlsFingerprint.TryParse(sha384.ToString(), out var parsed));
        Assert.True(parsed.Matches(certificate.DerEncoded));
        Assert.Equal(48, parsed.Value.Length);
    }
}
