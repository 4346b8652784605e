using static Parley.Auth.Tests.HandBuiltSig;

namespace Parley.Auth.Tests;

/// <summary>
/// The official libraries differ in key order, whitespace, escaping of '/', number style and zlib level
/// (product-rules §2, step 6). Every variant must verify, because the verifier parses instead of comparing strings.
/// </summary>
public class OfficialLibraryVariantTests
{
    private static readonly string Sig = V2Signature();

    /// <summary>JSON texts shaped like each library's output, all carrying the same valid signature.</summary>
    public static readonly Dictionary<string, string> JsonVariants = new()
    {
        // Node (JSON.stringify): insertion order, compact.
        ["node"] = $"{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"{Identifier}\",\"TLS.sdkappid\":{SdkAppId},\"TLS.time\":{Time},\"TLS.expire\":{Expire},\"TLS.sig\":\"{Sig}\"}}",
        // Python (json.dumps defaults): spaces after ',' and ':'.
        ["python"] = $"{{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"{Identifier}\", \"TLS.sdkappid\": {SdkAppId}, \"TLS.expire\": {Expire}, \"TLS.time\": {Time}, \"TLS.sig\": \"{Sig}\"}}",
        // Java (org.json, hash order) and PHP (json_encode): '/' escaped as '\/'.
        ["java"] = $"{{\"TLS.sig\":\"{Sig.Replace("/", "\\/")}\",\"TLS.expire\":{Expire},\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":{SdkAppId},\"TLS.time\":{Time},\"TLS.identifier\":\"{Identifier}\"}}",
        ["php"] = $"{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"{Identifier}\",\"TLS.sdkappid\":{SdkAppId},\"TLS.expire\":{Expire},\"TLS.time\":{Time},\"TLS.sig\":\"{Sig.Replace("/", "\\/")}\"}}",
        // Go (encoding/json over a map): keys sorted.
        ["go"] = $"{{\"TLS.expire\":{Expire},\"TLS.identifier\":\"{Identifier}\",\"TLS.sdkappid\":{SdkAppId},\"TLS.sig\":\"{Sig}\",\"TLS.time\":{Time},\"TLS.ver\":\"2.0\"}}",
        // Pretty-printed with newlines and tabs.
        ["pretty"] = $"{{\n\t\"TLS.ver\" : \"2.0\",\n\t\"TLS.identifier\" : \"{Identifier}\",\n\t\"TLS.sdkappid\" : {SdkAppId},\n\t\"TLS.expire\" : {Expire},\n\t\"TLS.time\" : {Time},\n\t\"TLS.sig\" : \"{Sig}\"\n}}\n",
        // Numbers as numeric strings (tolerated).
        ["numeric-strings"] = $"{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"{Identifier}\",\"TLS.sdkappid\":\"{SdkAppId}\",\"TLS.time\":\"{Time}\",\"TLS.expire\":\"{Expire}\",\"TLS.sig\":\"{Sig}\"}}",
        // Every character of a string escaped as \uXXXX, and an unknown key a future library might add.
        ["unicode-escapes"] = $"{{\"TLS.ver\":\"\\u0032.0\",\"TLS.identifier\":\"\\u0078iaojun\",\"TLS.sdkappid\":{SdkAppId},\"TLS.time\":{Time},\"TLS.expire\":{Expire},\"TLS.extra\":{{\"nested\":[1,2,{{}}]}},\"TLS.sig\":\"{Sig}\"}}",
    };

    public static TheoryData<string, int> VariantsAtEveryLevel()
    {
        var data = new TheoryData<string, int>();
        foreach (string variant in JsonVariants.Keys)
        {
            foreach (int level in new[] { 0, 1, 6, 9 }) // stored, fastest, default/optimal, smallest
            {
                data.Add(variant, level);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VariantsAtEveryLevel))]
    public void Every_official_library_variant_verifies_at_every_zlib_level(string variant, int level)
    {
        string userSig = Wrap(JsonVariants[variant], level);

        UserSigVerification result = UserSigVerifier.Verify(userSig, SdkAppId, Identifier, Keys, DuringValidity);

        Assert.True(result.IsValid, $"{variant} at level {level}: {result.ErrorCode} {result.ErrorMessage}");
        Assert.Equal(IssuedAt.AddSeconds(Expire), result.ExpiresAt);
    }

    [Theory]
    [InlineData(System.IO.Compression.CompressionLevel.NoCompression)]
    [InlineData(System.IO.Compression.CompressionLevel.Fastest)]
    [InlineData(System.IO.Compression.CompressionLevel.Optimal)]
    [InlineData(System.IO.Compression.CompressionLevel.SmallestSize)]
    public void Every_named_dotnet_compression_level_verifies(System.IO.Compression.CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(System.Text.Encoding.UTF8.GetBytes(JsonVariants["node"]));
        }

        UserSigVerification result = UserSigVerifier.Verify(UrlSafe(output.ToArray()), SdkAppId, Identifier, Keys, DuringValidity);

        Assert.True(result.IsValid, result.ErrorMessage);
    }

    [Fact]
    public void A_sig_whose_url_safe_mapping_was_undone_still_verifies()
    {
        string standardBase64 = Convert.ToBase64String(FromUrlSafe(Wrap(JsonVariants["node"])));

        Assert.True(UserSigVerifier.Verify(standardBase64, SdkAppId, Identifier, Keys, DuringValidity).IsValid);
    }

    [Fact]
    public void A_non_ascii_identifier_round_trips_and_is_signed_as_utf8()
    {
        const string identifier = "用户_ß_é";
        string json = $"{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"{identifier}\",\"TLS.sdkappid\":{SdkAppId},\"TLS.time\":{Time},\"TLS.expire\":{Expire},\"TLS.sig\":\"{V2Signature(identifier: identifier)}\"}}";

        Assert.True(UserSigVerifier.Verify(Wrap(json), SdkAppId, identifier, Keys, DuringValidity).IsValid);
        string generated = UserSigGenerator.Generate(SdkAppId, Key, identifier, Expire, now: IssuedAt);
        Assert.Equal(json, Unwrap(generated));
    }

    [Fact]
    public void A_userbuf_variant_with_escaped_slashes_verifies()
    {
        const string userBuf = "AAAA/+8="; // contains '/' and '+'
        string sig = V2Signature(userBufBase64: userBuf);
        string json = $"{{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"{Identifier}\", \"TLS.sdkappid\": {SdkAppId}, \"TLS.expire\": {Expire}, \"TLS.time\": {Time}, \"TLS.userbuf\": \"{userBuf.Replace("/", "\\/")}\", \"TLS.sig\": \"{sig.Replace("/", "\\/")}\"}}";

        UserSigVerification result = UserSigVerifier.Verify(Wrap(json, 1), SdkAppId, Identifier, Keys, DuringValidity);

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(Convert.FromBase64String(userBuf), result.UserBuf);
    }
}
