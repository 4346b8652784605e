using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Stun.Tests;

public class Rfc5769VectorTests
{
    private static readonly byte[] ShortTermKey = Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword);

    [Fact]
    public void The_sample_request_parses_with_every_ice_attribute()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));

        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(StunMessageClass.Request, message.Class);
        Assert.True(message.IsBindingRequest);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionIdBytes.ToArray());
        Assert.True(message.TryGetSoftware(out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.HasUseCandidate);
    }

    [Fact]
    public void The_sample_request_integrity_and_fingerprint_verify()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
        Assert.True(StunMessage.VerifyMessageIntegrity(Rfc5769Vectors.Request, ShortTermKey));
        Assert.True(StunMessage.VerifyFingerprint(Rfc5769Vectors.Request));
    }

    [Fact]
    public void A_wrong_password_fails_integrity()
    {
        Assert.False(StunMessage.VerifyMessageIntegrity(Rfc5769Vectors.Request, "VOkJxbRl1RmTxUk/WvJxBT"u8));
    }

    [Fact]
    public void A_flipped_bit_fails_integrity_and_fingerprint()
    {
        var tampered = Rfc5769Vectors.Request;
        tampered[30] ^= 0x01; // inside SOFTWARE

        Assert.False(StunMessage.VerifyMessageIntegrity(tampered, ShortTermKey));
        Assert.False(StunMessage.VerifyFingerprint(tampered));
    }

    [Fact]
    public void The_ipv4_response_maps_192_0_2_1_port_32853()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.IPv4Response, out var message));

        Assert.Equal(StunMessageClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void The_ipv6_response_maps_2001_db8_address_port_32853()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.IPv6Response, out var message));

        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void The_long_term_request_verifies_with_the_md5_key_and_has_no_fingerprint()
    {
        // RFC 8489 §9.2.2: key = MD5(username ":" realm ":" password); the RFC's password is "TheMatrIX" after SASLprep.
#pragma warning disable CA5351 // MD5 is what the long-term credential mechanism specifies.
        var key = MD5.HashData(Encoding.UTF8.GetBytes("マトリックス:example.org:TheMatrIX"));
#pragma warning restore CA5351

        Assert.True(StunMessage.TryParse(Rfc5769Vectors.LongTermRequest, out var message));
        Assert.True(message.TryGetAttribute(StunAttributeType.Realm, out var realm));
        Assert.Equal("example.org", Encoding.UTF8.GetString(realm));
        Assert.True(message.TryGetAttribute(StunAttributeType.Nonce, out var nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", Encoding.UTF8.GetString(nonce));
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.HasFingerprint);
        Assert.False(message.VerifyFingerprint());
    }

    [Fact]
    public void Rewriting_the_ipv4_response_reproduces_the_vector_byte_for_byte_except_padding()
    {
        // The RFC pads SOFTWARE with a space (0x20) rather than zero, so only that byte may differ.
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.SuccessResponse,
            StunTransactionId.FromBytes(Rfc5769Vectors.TransactionId));
        writer.AddSoftware("test vector");
        writer.AddXorMappedAddress(IPAddress.Parse("192.0.2.1"), 32853);
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        var expected = Rfc5769Vectors.IPv4Response;
        expected[35] = 0; // the padding byte after "test vector"
        Assert.Equal(expected.Length, writer.Length);
        // Integrity and fingerprint cover the padding, so they differ; compare everything before them.
        Assert.Equal(expected.AsSpan(0, 44).ToArray(), writer.Written[..44].ToArray());
        Assert.True(StunMessage.VerifyMessageIntegrity(writer.Written, ShortTermKey));
        Assert.True(StunMessage.VerifyFingerprint(writer.Written));
    }

    [Fact]
    public void Rewriting_the_long_term_request_reproduces_the_vector_exactly()
    {
#pragma warning disable CA5351 // MD5 is what the long-term credential mechanism specifies.
        var key = MD5.HashData(Encoding.UTF8.GetBytes("マトリックス:example.org:TheMatrIX"));
#pragma warning restore CA5351
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request,
            StunTransactionId.FromBytes(Hex.Parse("78 ad 34 33 c6 ad 72 c0 29 da 41 2e")));
        writer.AddUsername("マトリックス");
        writer.AddAttribute(StunAttributeType.Nonce, "f//499k954d6OL34oL9FSTvy64sA"u8);
        writer.AddAttribute(StunAttributeType.Realm, "example.org"u8);
        writer.AddMessageIntegrity(key);

        Assert.Equal(Rfc5769Vectors.LongTermRequest, writer.Written.ToArray());
    }
}
