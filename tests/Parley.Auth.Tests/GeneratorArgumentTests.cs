using static Parley.Auth.Tests.HandBuiltSig;

namespace Parley.Auth.Tests;

/// <summary>Bad API input throws ArgumentException (wire input never throws; see MalformedInputTests).</summary>
public class GeneratorArgumentTests
{
    [Fact]
    public void A_negative_expiry_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UserSigGenerator.Generate(SdkAppId, Key, Identifier, -1));

    [Fact]
    public void An_empty_key_or_identifier_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => UserSigGenerator.Generate(SdkAppId, "", Identifier));
        Assert.Throws<ArgumentException>(() => UserSigGenerator.Generate(SdkAppId, Key, ""));
    }

    [Fact]
    public void A_negative_sdkAppId_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UserSigGenerator.Generate(-1, Key, Identifier));

    [Fact]
    public void Without_a_pinned_time_the_sig_is_issued_now()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);
        string sig = UserSigGenerator.Generate(SdkAppId, Key, Identifier, 3600);

        UserSigVerification result = UserSigVerifier.Verify(sig, SdkAppId, Identifier, Keys, DateTimeOffset.UtcNow);

        Assert.True(result.IsValid);
        Assert.InRange(result.IssuedAt, before, DateTimeOffset.UtcNow);
    }
}
