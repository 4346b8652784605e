namespace Parley.Stun.Tests;

public class StunRobustnessTests
{
    public static TheoryData<string> Samples => new() { "request", "ipv4", "ipv6", "long-term" };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_truncated_prefix_is_rejected(string sample)
    {
        // The header's length field covers the whole body, so no strict prefix can be a whole message.
        var message = Sample(sample);
        for (var length = 0; length < message.Length; length++)
        {
            Assert.False(StunMessage.TryParse(message.AsSpan(0, length), out _));
            Assert.False(StunMessage.VerifyFingerprint(message.AsSpan(0, length)));
        }

        Assert.True(StunMessage.TryParse(message, out _));
    }

    [Fact]
    public void Trailing_bytes_after_the_declared_length_are_not_part_of_the_message()
    {
        var request = Rfc5769Vectors.Request;
        var withTrailer = request.Concat(new byte[] { 1, 2, 3, 4, 5 }).ToArray();

        Assert.True(StunMessage.TryParse(withTrailer, out var message));
        Assert.Equal(request.Length, message.Raw.Length);
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(0, 0x80)] // top bit of the type set
    [InlineData(4, 0x22)] // wrong magic cookie
    [InlineData(3, 0x57)] // length not a multiple of 4
    [InlineData(23, 0x30)] // first attribute's length runs past the message
    public void Malformed_headers_are_rejected(int offset, byte value)
    {
        var message = Rfc5769Vectors.Request;
        message[offset] = value;

        Assert.False(StunMessage.TryParse(message, out _));
    }

    [Fact]
    public void Ten_thousand_random_inputs_never_throw()
    {
        var random = new Random(5769);
        var buffer = new byte[256];
        for (var i = 0; i < 10_000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 2 == 0 && length >= 20)
            {
                // Half the inputs get a plausible header so the attribute walk is exercised too.
                buffer[0] = 0;
                buffer[1] = 1;
                buffer[2] = 0;
                buffer[3] = (byte)((length - 20) & ~3);
                buffer[4] = 0x21;
                buffer[5] = 0x12;
                buffer[6] = 0xA4;
                buffer[7] = 0x42;
            }

            Exercise(buffer.AsSpan(0, length));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Single_bit_flips_never_throw(string sample)
    {
        var message = Sample(sample);
        for (var bit = 0; bit < message.Length * 8; bit++)
        {
            message[bit / 8] ^= (byte)(1 << (bit % 8));
            Exercise(message);
            message[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Fact]
    public void Is_stun_separates_stun_from_rtp_and_dtls()
    {
        Assert.True(StunMessage.IsStun(Rfc5769Vectors.Request));
        var rtp = new byte[32];
        rtp[0] = 0x80;
        var dtls = new byte[32];
        dtls[0] = 22;
        Assert.False(StunMessage.IsStun(rtp));
        Assert.False(StunMessage.IsStun(dtls));
        Assert.False(StunMessage.IsStun(Rfc5769Vectors.Request.AsSpan(0, 19)));
    }

    private static void Exercise(ReadOnlySpan<byte> input)
    {
        _ = StunMessage.IsStun(input);
        if (!StunMessage.TryParse(input, out var message))
        {
            return;
        }

        foreach (var attribute in message.Attributes)
        {
            Assert.True(attribute.Offset + 4 + attribute.Value.Length <= message.Raw.Length);
        }

        _ = message.TryGetUsername(out _);
        _ = message.TryGetPriority(out _);
        _ = message.TryGetIceControlled(out _);
        _ = message.TryGetErrorCode(out _, out _);
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetUnknownComprehensionRequired(out _);
        _ = message.VerifyMessageIntegrity("k"u8);
        _ = message.VerifyFingerprint();
        _ = IceBindingRequestValidator.Validate(message, "evtj"u8, "pw"u8, out _);
        _ = IceBindingRequestValidator.CheckRoleConflict(message, IceRole.Controlling, 1);
    }

    private static byte[] Sample(string name) => name switch
    {
        "request" => Rfc5769Vectors.Request,
        "ipv4" => Rfc5769Vectors.IPv4Response,
        "ipv6" => Rfc5769Vectors.IPv6Response,
        _ => Rfc5769Vectors.LongTermRequest,
    };
}
