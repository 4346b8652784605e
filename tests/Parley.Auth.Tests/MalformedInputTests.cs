using static Parley.Auth.Tests.HandBuiltSig;

namespace Parley.Auth.Tests;

/// <summary>The verifier never throws on any userSig string (it runs on untrusted login input).</summary>
public class MalformedInputTests
{
    private const string UrlSafeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_";

    private static readonly string ValidSig = UserSigGenerator.Generate(SdkAppId, Key, Identifier, Expire, now: IssuedAt);

    [Fact]
    public void Ten_thousand_random_strings_never_throw_and_are_70003()
    {
        var random = new Random(42);
        for (int i = 0; i < 10_000; i++)
        {
            string candidate = (i % 3) switch
            {
                // Strings in the userSig alphabet, sometimes starting like a real zlib header ("eJ"), to get past base64.
                0 => (i % 2 == 0 ? "eJ" : "") + RandomString(random, UrlSafeAlphabet, random.Next(1, 300)),
                1 => RandomString(random, null, random.Next(1, 100)),
                _ => HandBuiltSig.UrlSafe(RandomBytes(random, random.Next(1, 200))),
            };

            UserSigVerification result = UserSigVerifier.Verify(candidate, SdkAppId, Identifier, Keys, DuringValidity);

            Assert.True(result.ErrorCode == UserSigErrorCodes.Malformed, $"#{i} '{candidate}' gave {result.ErrorCode}");
        }
    }

    [Fact]
    public void Random_zlib_streams_of_random_bytes_never_throw_and_are_70003()
    {
        var random = new Random(7);
        for (int i = 0; i < 2_000; i++)
        {
            string candidate = Wrap(RandomBytes(random, random.Next(1, 200)), random.Next(0, 10));

            Assert.Equal(UserSigErrorCodes.Malformed, UserSigVerifier.Verify(candidate, SdkAppId, Identifier, Keys, DuringValidity).ErrorCode);
        }
    }

    [Fact]
    public void Every_truncated_prefix_of_a_valid_sig_is_70003_or_70002_when_empty()
    {
        Assert.True(UserSigVerifier.Verify(ValidSig, SdkAppId, Identifier, Keys, DuringValidity).IsValid);

        for (int length = 0; length < ValidSig.Length; length++)
        {
            UserSigVerification result = UserSigVerifier.Verify(ValidSig[..length], SdkAppId, Identifier, Keys, DuringValidity);

            int expected = length == 0 ? UserSigErrorCodes.Empty : UserSigErrorCodes.Malformed;
            Assert.True(result.ErrorCode == expected, $"prefix of length {length} gave {result.ErrorCode}");
        }
    }

    [Fact]
    public void Every_truncated_prefix_of_a_privatemapkey_is_rejected()
    {
        string sig = PrivateMapKeyGenerator.Generate(SdkAppId, Key, Identifier, 3600, 7, RoomPrivileges.All, stringRoomId: "room", now: IssuedAt);

        for (int length = 1; length < sig.Length; length++)
        {
            Assert.Equal(UserSigErrorCodes.Malformed, UserSigVerifier.Verify(sig[..length], SdkAppId, Identifier, Keys, IssuedAt).ErrorCode);
        }
    }

    [Fact]
    public void Single_character_changes_never_throw_and_never_authenticate_other_content()
    {
        var random = new Random(99);
        Assert.True(UserSigContent.TryDecode(ValidSig, out UserSigContent? original));
        for (int i = 0; i < 3_000; i++)
        {
            char[] chars = ValidSig.ToCharArray();
            chars[random.Next(chars.Length)] = UrlSafeAlphabet[random.Next(UrlSafeAlphabet.Length)];
            string mutated = new(chars);

            UserSigVerification result = UserSigVerifier.Verify(mutated, SdkAppId, Identifier, Keys, DuringValidity);

            // A change in unused base64 padding bits can leave the bytes, and so the sig, intact; anything that
            // verifies must therefore decode to exactly the original content.
            if (result.IsValid)
            {
                Assert.True(UserSigContent.TryDecode(mutated, out UserSigContent? decoded));
                Assert.Equal((original!.Identifier, original.Time, original.Expire, original.Signature), (decoded!.Identifier, decoded.Time, decoded.Expire, decoded.Signature));
            }
        }
    }

    [Fact]
    public void TryDecode_never_throws_on_null_or_garbage()
    {
        Assert.False(UserSigContent.TryDecode(null, out _));
        Assert.False(UserSigContent.TryDecode("", out _));
        Assert.False(UserSigContent.TryDecode("@@@", out UserSigContent? content));
        Assert.Null(content);
    }

    private static string RandomString(Random random, string? alphabet, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = alphabet is null ? (char)random.Next(1, 0xFFFF) : alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
