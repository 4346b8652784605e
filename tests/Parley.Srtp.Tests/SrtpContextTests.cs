using System.Buffers.Binary;

namespace Parley.Srtp.Tests;

using static RtpPackets;

public sealed class SrtpContextTests
{
    public static TheoryData<SrtpProfile> AllProfiles => new()
    {
        SrtpProfile.AesCm128HmacSha1_80,
        SrtpProfile.AesCm128HmacSha1_32,
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
    };

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Rtp_round_trips_and_the_payload_is_encrypted_on_the_wire(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        foreach (var payloadLength in new[] { 0, 1, 15, 16, 17, 160, 1200, 1400 })
        {
            var packet = Rtp((ushort)(1000 + payloadLength), 0xCAFE, payloadLength);
            var plain = packet[..(12 + payloadLength)].ToArray();

            Assert.True(sender.TryProtectRtp(packet, plain.Length, out var protectedLength));
            Assert.Equal(plain.Length + sender.RtpOverhead, protectedLength);
            Assert.Equal(plain[..12], packet[..12]);
            if (payloadLength >= 4)
            {
                Assert.NotEqual(plain[12..], packet[12..plain.Length]);
            }

            Assert.True(receiver.TryUnprotectRtp(packet.AsSpan(0, protectedLength), out var plainLength));
            Assert.Equal(plain, packet[..plainLength]);
        }

        Assert.Equal(0, receiver.Drops.Total);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Rtp_with_csrcs_and_a_header_extension_round_trips(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        // V=2, X=1, CC=2; two CSRCs, then a one-byte-header extension of 2 words.
        var plain = Hex("92 6f 0001 00000010 0000CAFE 00000001 00000002 BEDE0002 10FF2233 44556677 0102030405060708");
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out var protectedLength));
        Assert.Equal(plain[..32], buffer[..32]);
        Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, protectedLength), out var plainLength));
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Rtcp_round_trips_with_an_incrementing_srtcp_index(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        for (var round = 0; round < 3; round++)
        {
            var packet = Rtcp(0xBEEF);
            var plain = packet[..32].ToArray();

            Assert.True(sender.TryProtectRtcp(packet, plain.Length, out var protectedLength));
            Assert.Equal(plain.Length + sender.RtcpOverhead, protectedLength);
            Assert.NotEqual(plain[8..], packet[8..plain.Length]);
            var indexOffset = sender.Parameters.IsAead ? protectedLength - 4 : plain.Length;
            Assert.Equal(0x8000_0000u | (uint)round, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(indexOffset)));

            Assert.True(receiver.TryUnprotectRtcp(packet.AsSpan(0, protectedLength), out var plainLength));
            Assert.Equal(plain, packet[..plainLength]);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void The_rollover_counter_advances_across_sequence_65535_to_0(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        var lastWrapped = Array.Empty<byte>();
        for (var step = 0; step < 40; step++)
        {
            var sequence = (ushort)(65520 + step);
            var packet = Rtp(sequence, 7, 100);
            Assert.True(sender.TryProtectRtp(packet, 112, out var protectedLength));
            var wire = packet[..protectedLength];
            Assert.True(receiver.TryUnprotectRtp(wire, out var plainLength), $"seq {sequence}");
            Assert.Equal(Rtp(sequence, 7, 100)[..112], wire[..plainLength]);
            if (sequence == 5)
            {
                lastWrapped = packet[..protectedLength];
            }
        }

        // A receiver that assumed ROC 0 for seq 5 would compute a different keystream/tag: a fresh receiver that only
        // ever sees this packet cannot authenticate it (for the HMAC profiles the ROC is in the tag; for GCM in the IV).
        using var freshPair = Pair(profile);
        Assert.False(freshPair.Receiver.TryUnprotectRtp(lastWrapped, out _));
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void A_late_packet_from_before_the_wrap_still_unprotects(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        byte[] Protect(ushort sequence)
        {
            var packet = Rtp(sequence, 9, 50);
            Assert.True(sender.TryProtectRtp(packet, 62, out var length));
            return packet[..length];
        }

        var first = Protect(65533);
        var beforeWrap = Protect(65534);
        var afterWrap = Protect(2);

        Assert.True(receiver.TryUnprotectRtp(first, out _));
        Assert.True(receiver.TryUnprotectRtp(afterWrap, out _));
        Assert.True(receiver.TryUnprotectRtp(beforeWrap, out _));
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void A_replayed_rtp_packet_is_rejected_and_counted(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        var packet = Rtp(42, 1, 80);
        Assert.True(sender.TryProtectRtp(packet, 92, out var protectedLength));
        var copy = packet[..protectedLength];

        Assert.True(receiver.TryUnprotectRtp(packet.AsSpan(0, protectedLength), out _));
        Assert.False(receiver.TryUnprotectRtp(copy, out _));
        Assert.Equal(1, receiver.Drops.Replayed);
    }

    [Fact]
    public void Packets_older_than_the_replay_window_are_rejected_but_reordering_inside_it_is_accepted()
    {
        using var pair = Pair(SrtpProfile.AeadAes128Gcm);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        var wire = new List<byte[]>();
        for (ushort sequence = 0; sequence < 300; sequence++)
        {
            var packet = Rtp(sequence, 1, 20);
            Assert.True(sender.TryProtectRtp(packet, 32, out var length));
            wire.Add(packet[..length]);
        }

        Assert.True(receiver.TryUnprotectRtp(wire[299].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(wire[299 - 100].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(wire[299 - 1].ToArray(), out _));
        Assert.False(receiver.TryUnprotectRtp(wire[299 - SrtpReplayWindow.Size].ToArray(), out _));
        Assert.False(receiver.TryUnprotectRtp(wire[10].ToArray(), out _));
        Assert.Equal(2, receiver.Drops.Replayed);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void A_replayed_rtcp_packet_is_rejected(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        var packet = Rtcp(5);
        Assert.True(sender.TryProtectRtcp(packet, 32, out var protectedLength));
        var copy = packet[..protectedLength];

        Assert.True(receiver.TryUnprotectRtcp(packet.AsSpan(0, protectedLength), out _));
        Assert.False(receiver.TryUnprotectRtcp(copy, out _));
        Assert.Equal(1, receiver.Drops.Replayed);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Flipping_any_single_bit_of_a_protected_packet_makes_it_fail(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        var packet = Rtp(77, 3, 40);
        Assert.True(sender.TryProtectRtp(packet, 52, out var protectedLength));
        var wire = packet[..protectedLength];

        for (var bit = 0; bit < wire.Length * 8; bit++)
        {
            var tampered = (byte[])wire.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(receiver.TryUnprotectRtp(tampered, out _), $"bit {bit} flipped was accepted");
        }

        Assert.True(receiver.TryUnprotectRtp(wire, out _));
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Tampered_rtcp_is_rejected_as_an_authentication_failure(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        var packet = Rtcp(5);
        Assert.True(sender.TryProtectRtcp(packet, 32, out var protectedLength));
        packet[10] ^= 0x40;

        Assert.False(receiver.TryUnprotectRtcp(packet.AsSpan(0, protectedLength), out _));
        Assert.Equal(1, receiver.Drops.AuthenticationFailed);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Every_truncated_prefix_of_a_protected_packet_is_rejected_without_throwing(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var (sender, receiver) = (pair.Sender, pair.Receiver);
        var rtp = Rtp(900, 3, 64);
        Assert.True(sender.TryProtectRtp(rtp, 76, out var rtpLength));
        var rtcp = Rtcp(3);
        Assert.True(sender.TryProtectRtcp(rtcp, 32, out var rtcpLength));

        for (var length = 0; length < rtpLength; length++)
        {
            Assert.False(receiver.TryUnprotectRtp(rtp.AsSpan(0, length).ToArray(), out _), $"RTP prefix {length}");
        }

        for (var length = 0; length < rtcpLength; length++)
        {
            Assert.False(receiver.TryUnprotectRtcp(rtcp.AsSpan(0, length).ToArray(), out _), $"RTCP prefix {length}");
        }

        Assert.True(receiver.TryUnprotectRtp(rtp.AsSpan(0, rtpLength), out _));
        Assert.True(receiver.TryUnprotectRtcp(rtcp.AsSpan(0, rtcpLength), out _));
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Ten_thousand_random_inputs_are_rejected_without_throwing(SrtpProfile profile)
    {
        using var pair = Pair(profile);
        var receiver = pair.Receiver;
        var random = new Random(1234);
        for (var i = 0; i < 10_000; i++)
        {
            var input = new byte[random.Next(0, 300)];
            random.NextBytes(input);
            if (i % 2 == 0 && input.Length > 0)
            {
                input[0] = (byte)(0x80 | (input[0] & 0x3F)); // half of them look like RTP/RTCP v2
            }

            Assert.False(receiver.TryUnprotectRtp(input, out _));
            Assert.False(receiver.TryUnprotectRtcp(input, out _));
        }

        Assert.Equal(20_000, receiver.Drops.Total);
    }

    [Fact]
    public void Protect_refuses_a_buffer_without_room_for_the_tag()
    {
        using var pair = Pair(SrtpProfile.AesCm128HmacSha1_80);
        var sender = pair.Sender;
        var packet = Rtp(1, 1, 20, spare: 9);

        Assert.False(sender.TryProtectRtp(packet, 32, out _));
        Assert.Equal(1, sender.Drops.Malformed);
    }

    [Fact]
    public void Protect_refuses_a_packet_that_is_not_rtp_version_2()
    {
        using var pair = Pair(SrtpProfile.AeadAes128Gcm);
        var sender = pair.Sender;
        var packet = Rtp(1, 1, 20);
        packet[0] = 0x40;

        Assert.False(sender.TryProtectRtp(packet, 32, out _));
    }

    [Fact]
    public void A_length_beyond_the_buffer_is_an_api_error()
    {
        using var pair = Pair(SrtpProfile.AeadAes128Gcm);
        var sender = pair.Sender;

        Assert.Throws<ArgumentOutOfRangeException>(() => sender.TryProtectRtp(new byte[10], 11, out _));
    }

    [Fact]
    public void New_ssrcs_beyond_the_cap_are_dropped_but_known_ones_keep_flowing()
    {
        var (key, salt) = MasterKey(SrtpProfile.AeadAes128Gcm, 3);
        using var sender = new SrtpContext(SrtpProfile.AeadAes128Gcm, key, salt);
        using var receiver = new SrtpContext(SrtpProfile.AeadAes128Gcm, key, salt, maxSsrcs: 2);
        byte[] Protect(uint ssrc, ushort sequence)
        {
            var packet = Rtp(sequence, ssrc, 10);
            Assert.True(sender.TryProtectRtp(packet, 22, out var length));
            return packet[..length];
        }

        Assert.True(receiver.TryUnprotectRtp(Protect(1, 1), out _));
        Assert.True(receiver.TryUnprotectRtp(Protect(2, 1), out _));
        Assert.False(receiver.TryUnprotectRtp(Protect(3, 1), out _));
        Assert.True(receiver.TryUnprotectRtp(Protect(1, 2), out _));
        Assert.Equal(1, receiver.Drops.TooManySsrcs);

        receiver.RemoveSsrc(2);
        Assert.True(receiver.TryUnprotectRtp(Protect(3, 2), out _));
    }

    [Fact]
    public void Different_keys_do_not_authenticate()
    {
        var (key, salt) = MasterKey(SrtpProfile.AesCm128HmacSha1_80, 1);
        var (otherKey, _) = MasterKey(SrtpProfile.AesCm128HmacSha1_80, 2);
        using var sender = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, key, salt);
        using var receiver = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, otherKey, salt);
        var packet = Rtp(1, 1, 30);
        Assert.True(sender.TryProtectRtp(packet, 42, out var length));

        Assert.False(receiver.TryUnprotectRtp(packet.AsSpan(0, length), out _));
        Assert.Equal(1, receiver.Drops.AuthenticationFailed);
    }

    [Fact]
    public void Wrong_key_lengths_are_api_errors()
    {
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AeadAes256Gcm, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, new byte[16], new byte[12]));
    }
}
