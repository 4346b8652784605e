using System.Text.Json;

namespace Parley.Srtp.Tests;

/// <summary>
/// Project Wycheproof's AES-GCM and HMAC-SHA1 vectors (Vectors/Wycheproof, Apache-2.0) against every implementation
/// SRTP may pick on this machine: the platform cipher, AES-NI with the 128-bit and (where the CPU has it) 256-bit
/// GHASH, and both HMAC-SHA1 paths. "invalid" cases are modified tags, ciphertexts and edge cases that must be refused.
/// </summary>
public sealed class WycheproofTests
{
    [Fact]
    public void Every_applicable_aes_gcm_case_passes_on_every_implementation()
    {
        var checkedCases = 0;
        foreach (var (group, test) in Cases("aes_gcm_test.json"))
        {
            // SRTP (RFC 7714) uses 96-bit nonces and 128-bit tags with 128- or 256-bit keys; our ciphers accept only those.
            if (group.GetProperty("ivSize").GetInt32() != 96 || group.GetProperty("tagSize").GetInt32() != 128
                || group.GetProperty("keySize").GetInt32() is not (128 or 256))
            {
                continue;
            }

            var key = Hex(test, "key");
            var nonce = Hex(test, "iv");
            var aad = Hex(test, "aad");
            var message = Hex(test, "msg");
            var ciphertext = Hex(test, "ct");
            var tag = Hex(test, "tag");
            var valid = test.GetProperty("result").GetString() != "invalid";
            foreach (var (name, cipher) in AesGcmImplementations.All(key))
            {
                using (cipher)
                {
                    var context = $"tcId {test.GetProperty("tcId").GetInt32()}, {name}";
                    if (valid)
                    {
                        var data = (byte[])message.Clone();
                        var computedTag = new byte[16];
                        cipher.Encrypt(nonce, data, aad, computedTag);
                        Assert.True(ciphertext.AsSpan().SequenceEqual(data), context);
                        Assert.True(tag.AsSpan().SequenceEqual(computedTag), context);
                    }

                    var received = (byte[])ciphertext.Clone();
                    Assert.True(valid == cipher.TryDecrypt(nonce, received, aad, tag), context);
                    if (valid)
                    {
                        Assert.True(message.AsSpan().SequenceEqual(received), context);
                    }
                    checkedCases++;
                }
            }
        }

        Assert.True(checkedCases > 100, $"only {checkedCases} cases ran");
    }

    [Theory]
    [MemberData(nameof(HmacSha1AuthenticatorTests.Implementations), MemberType = typeof(HmacSha1AuthenticatorTests))]
    public void Every_hmac_sha1_case_passes_with_full_and_80_bit_tags(HmacSha1AuthenticatorTests.Implementation implementation)
    {
        var checkedCases = 0;
        foreach (var (group, test) in Cases("hmac_sha1_test.json"))
        {
            var tagBytes = group.GetProperty("tagSize").GetInt32() / 8;
            var tag = Hex(test, "tag");
            var message = Hex(test, "msg");
            var valid = test.GetProperty("result").GetString() != "invalid";
            using var authenticator = HmacSha1AuthenticatorTests.Create(implementation, Hex(test, "key"));
            var context = $"tcId {test.GetProperty("tcId").GetInt32()}";
            if (valid)
            {
                var computed = new byte[tagBytes];
                authenticator.ComputeTag(message, [], computed);
                Assert.True(tag.AsSpan().SequenceEqual(computed), context);
            }

            Assert.True(valid == (tag.Length == tagBytes && authenticator.VerifyTag(message, [], tag)), context);
            checkedCases++;
        }

        Assert.Equal(170, checkedCases);
    }

    private static IEnumerable<(JsonElement Group, JsonElement Test)> Cases(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "Wycheproof", fileName)));
        foreach (var group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                yield return (group.Clone(), test.Clone());
            }
        }
    }

    private static byte[] Hex(JsonElement test, string property) => Convert.FromHexString(test.GetProperty(property).GetString()!);
}
