namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>The apps the test host knows: one with an HMAC key, and an sdkAppId that does not exist.</summary>
public static class TestApp
{
    public const long SdkAppId = 1400000001;
    public const long UnknownSdkAppId = 1499999999;
    /// <summary>An app with the same key as <see cref="SdkAppId"/> and <c>requirePrivateMapKey</c> on (docs/protocol.md §12).</summary>
    public const long RequiresPrivateMapKeySdkAppId = 1400000002;
    public const string SecretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    public const string OtherKey = "0000000000000000000000000000000000000000000000000000000000000000";
}
