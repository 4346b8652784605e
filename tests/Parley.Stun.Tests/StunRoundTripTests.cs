using System.Net;
using System.Text;

namespace Parley.Stun.Tests;

public class StunRoundTripTests
{
    private static readonly byte[] Key = "a-shared-password"u8.ToArray();

    [Theory]
    [InlineData(StunMethod.Binding, StunMessageClass.Request, 0x0001)]
    [InlineData(StunMethod.Binding, StunMessageClass.Indication, 0x0011)]
    [InlineData(StunMethod.Binding, StunMessageClass.SuccessResponse, 0x0101)]
    [InlineData(StunMethod.Binding, StunMessageClass.ErrorResponse, 0x0111)]
    [InlineData(StunMethod.Allocate, StunMessageClass.ErrorResponse, 0x0113)]
    [InlineData(StunMethod.ChannelBind, StunMessageClass.Request, 0x0009)]
    public void Method_and_class_interleave_into_the_message_type(StunMethod method, StunMessageClass messageClass, int expectedType)
    {
        var buffer = new byte[20];
        var writer = new StunMessageWriter(buffer, method, messageClass, StunTransactionId.NewRandom());

        Assert.Equal(expectedType, (buffer[0] << 8) | buffer[1]);
        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(method, message.Method);
        Assert.Equal(messageClass, message.Class);
    }

    [Fact]
    public void Every_ice_attribute_survives_a_round_trip()
    {
        var transactionId = StunTransactionId.NewRandom();
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, transactionId);
        writer.AddUsername("remote:local");
        writer.AddPriority(0x7E7F00FF);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddUseCandidate();
        writer.AddSoftware("Parley");
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(transactionId, message.TransactionId);
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("remote:local", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x7E7F00FFu, priority);
        Assert.True(message.TryGetIceControlling(out var tieBreaker));
        Assert.Equal(0x0102030405060708ul, tieBreaker);
        Assert.True(message.HasUseCandidate);
        Assert.True(message.TryGetSoftware(out var software));
        Assert.Equal("Parley", Encoding.UTF8.GetString(software));
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
        Assert.Equal(0, writer.Length % 4);
    }

    [Theory]
    [InlineData("203.0.113.7", 1)]
    [InlineData("10.0.0.1", 65535)]
    [InlineData("2001:db8::1", 3478)]
    [InlineData("fe80::1:2:3:4", 9)]
    public void Xor_mapped_addresses_round_trip(string address, int port)
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.SuccessResponse, StunTransactionId.NewRandom());
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse(address), port));

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), mapped);
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_source_is_reported_as_ipv4()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.SuccessResponse, StunTransactionId.NewRandom());
        writer.AddXorMappedAddress(IPAddress.Parse("::ffff:192.0.2.9"), 5000);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.9"), 5000), mapped);
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(401, "Unauthorized")]
    [InlineData(487, "Role Conflict")]
    [InlineData(699, "")]
    public void Error_codes_round_trip(int code, string reason)
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.ErrorResponse, StunTransactionId.NewRandom());
        writer.AddErrorCode(code, reason);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetErrorCode(out var parsedCode, out var parsedReason));
        Assert.Equal(code, parsedCode);
        Assert.Equal(reason, Encoding.UTF8.GetString(parsedReason));
    }

    [Fact]
    public void Attributes_after_message_integrity_are_ignored_except_fingerprint()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        writer.AddMessageIntegrity(Key);
        var length = writer.Length;
        // Append PRIORITY after MESSAGE-INTEGRITY by hand (the writer refuses to), as an attacker could.
        var tampered = buffer.AsSpan(0, length + 8).ToArray();
        tampered[length] = 0x00;
        tampered[length + 1] = 0x24;
        tampered[length + 3] = 4;
        tampered[3] = (byte)(length + 8 - 20);

        Assert.True(StunMessage.TryParse(tampered, out var message));
        Assert.False(message.TryGetPriority(out _));
        Assert.True(message.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void An_attribute_after_fingerprint_makes_the_message_invalid()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        writer.AddFingerprint();
        var length = writer.Length;
        var tampered = buffer.AsSpan(0, length + 4).ToArray();
        tampered[length + 1] = 0x25; // USE-CANDIDATE, empty
        tampered[3] = (byte)(length + 4 - 20);

        Assert.False(StunMessage.TryParse(tampered, out _));
    }

    [Fact]
    public void The_writer_refuses_attributes_after_fingerprint_and_a_buffer_too_small()
    {
        var buffer = new byte[28];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        writer.AddFingerprint();
        var threwAfterFingerprint = false;
        try
        {
            writer.AddUseCandidate();
        }
        catch (InvalidOperationException)
        {
            threwAfterFingerprint = true;
        }

        Assert.True(threwAfterFingerprint);
        Assert.Throws<ArgumentException>(() =>
        {
            var small = new StunMessageWriter(new byte[24], StunMethod.Binding, StunMessageClass.Request, default);
            small.AddPriority(1);
        });
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[19], StunMethod.Binding, StunMessageClass.Request, default));
    }

    [Fact]
    public void Unknown_comprehension_required_attributes_are_reported()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        writer.AddAttribute(0xC001, "optional"u8); // comprehension-optional: fine
        Assert.True(StunMessage.TryParse(writer.Written, out var optionalOnly));
        Assert.False(optionalOnly.TryGetUnknownComprehensionRequired(out _));

        writer.AddAttribute(0x7777, "must-know"u8);
        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetUnknownComprehensionRequired(out var type));
        Assert.Equal(0x7777, type);
    }

    [Fact]
    public void Attributes_enumerate_in_wire_order_with_unpadded_values()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        writer.AddUsername("abc");
        writer.AddUseCandidate();
        writer.AddPriority(7);
        Assert.True(StunMessage.TryParse(writer.Written, out var message));

        var seen = new List<(ushort Type, int Length)>();
        foreach (var attribute in message.Attributes)
        {
            seen.Add((attribute.Type, attribute.Value.Length));
        }

        Assert.Equal([(0x0006, 3), (0x0025, 0), (0x0024, 4)], seen);
    }

    [Fact]
    public void Transaction_ids_compare_by_value()
    {
        var id = StunTransactionId.NewRandom();
        Span<byte> bytes = stackalloc byte[12];
        id.CopyTo(bytes);

        Assert.Equal(id, StunTransactionId.FromBytes(bytes));
        Assert.NotEqual(id, StunTransactionId.NewRandom());
        Assert.Equal(24, id.ToString().Length);
    }

    [Theory]
    [InlineData("192.0.2.44", 3478, "192.0.2.44")]
    [InlineData("2001:db8::7", 9, "2001:db8::7")]
    [InlineData("::ffff:198.51.100.1", 65000, "198.51.100.1")]
    public void Xor_mapped_address_can_be_written_from_a_socket_address(string address, int port, string expected)
    {
        var source = new IPEndPoint(IPAddress.Parse(address), port).Serialize();
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.SuccessResponse, StunTransactionId.NewRandom());
        writer.AddXorMappedAddress(source);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(expected), port), mapped);
    }

    [Fact]
    public void Unknown_attributes_are_listed_in_a_420_response()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.ErrorResponse, StunTransactionId.NewRandom());
        writer.AddErrorCode(StunErrorCode.UnknownAttribute, "Unknown Attribute");
        writer.AddUnknownAttributes([0x7777, 0x0042, 0x0043]);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetAttribute(StunAttributeType.UnknownAttributes, out var value));
        Assert.Equal(new byte[] { 0x77, 0x77, 0x00, 0x42, 0x00, 0x43 }, value.ToArray());
        Assert.Equal(0, writer.Length % 4);
    }
}
