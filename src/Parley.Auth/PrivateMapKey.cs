using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Parley.Auth;

/// <summary>
/// A room-level permission ticket (product-rules §2, "PrivateMapKey"): the userbuf signed inside a v2 userSig.
/// Layout, big-endian: u8 version (0, or 1 when a string room id follows) · u16 identifier length · identifier
/// UTF-8 bytes · u32 sdkAppId · u32 room id · u32 absolute expiry (Unix seconds) · u32 privilege bits ·
/// u32 accountType · [u16 length · string room id UTF-8 bytes, version 1 only].
/// </summary>
/// <param name="Identifier">The user the ticket is for.</param>
/// <param name="SdkAppId">The app (u32 on the wire).</param>
/// <param name="RoomId">The numeric room id; 0 when the ticket names a string room id.</param>
/// <param name="ExpiresAt">Absolute expiry (whole seconds, u32 Unix time on the wire).</param>
/// <param name="Privileges">What the user may do in the room.</param>
/// <param name="AccountType">The app's accountType (u32 on the wire).</param>
/// <param name="StringRoomId">The string room id; non-null makes this a version-1 ticket.</param>
public sealed record PrivateMapKey(string Identifier, long SdkAppId, uint RoomId, DateTimeOffset ExpiresAt,
    RoomPrivileges Privileges, long AccountType = 0, string? StringRoomId = null)
{
    private const int FixedFieldsLength = 1 + 2 + 4 * 5;

    /// <summary>0 for a numeric room id only; 1 when <see cref="StringRoomId"/> follows.</summary>
    public byte Version => StringRoomId is null ? (byte)0 : (byte)1;

    /// <summary>True when <paramref name="privilege"/> (one or more bits) is all granted.</summary>
    public bool Allows(RoomPrivileges privilege) => (Privileges & privilege) == privilege;

    /// <summary>
    /// Parses a userbuf. Returns false, never throws, for anything but an exact, well-formed layout: unknown
    /// version, truncated field, trailing bytes, or identifier/room id that is not valid UTF-8.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> userBuf, out PrivateMapKey? key)
    {
        key = null;
        if (userBuf.Length < FixedFieldsLength)
        {
            return false;
        }

        byte version = userBuf[0];
        if (version > 1)
        {
            return false;
        }

        int identifierLength = BinaryPrimitives.ReadUInt16BigEndian(userBuf[1..]);
        ReadOnlySpan<byte> rest = userBuf[3..];
        if (rest.Length < identifierLength + 20)
        {
            return false;
        }

        ReadOnlySpan<byte> identifierBytes = rest[..identifierLength];
        rest = rest[identifierLength..];
        uint sdkAppId = BinaryPrimitives.ReadUInt32BigEndian(rest);
        uint roomId = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
        uint expiresAt = BinaryPrimitives.ReadUInt32BigEndian(rest[8..]);
        uint privileges = BinaryPrimitives.ReadUInt32BigEndian(rest[12..]);
        uint accountType = BinaryPrimitives.ReadUInt32BigEndian(rest[16..]);
        rest = rest[20..];

        string? stringRoomId = null;
        if (version == 1)
        {
            if (rest.Length < 2)
            {
                return false;
            }

            int roomIdLength = BinaryPrimitives.ReadUInt16BigEndian(rest);
            rest = rest[2..];
            if (rest.Length < roomIdLength || !Utf8.IsValid(rest[..roomIdLength]))
            {
                return false;
            }

            stringRoomId = Encoding.UTF8.GetString(rest[..roomIdLength]);
            rest = rest[roomIdLength..];
        }

        if (!rest.IsEmpty || !Utf8.IsValid(identifierBytes))
        {
            return false;
        }

        key = new PrivateMapKey(Encoding.UTF8.GetString(identifierBytes), sdkAppId, roomId,
            DateTimeOffset.FromUnixTimeSeconds(expiresAt), (RoomPrivileges)privileges, accountType, stringRoomId);
        return true;
    }

    /// <summary>Serializes the ticket to its userbuf layout.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field does not fit its wire width.</exception>
    public byte[] ToUserBuf()
    {
        ArgumentNullException.ThrowIfNull(Identifier);
        int identifierLength = Encoding.UTF8.GetByteCount(Identifier);
        int roomIdLength = StringRoomId is null ? 0 : Encoding.UTF8.GetByteCount(StringRoomId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(identifierLength, ushort.MaxValue, nameof(Identifier));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(roomIdLength, ushort.MaxValue, nameof(StringRoomId));
        uint sdkAppId = ToUInt32(SdkAppId, nameof(SdkAppId));
        uint accountType = ToUInt32(AccountType, nameof(AccountType));
        uint expiresAt = ToUInt32(ExpiresAt.ToUnixTimeSeconds(), nameof(ExpiresAt));

        var buffer = new byte[FixedFieldsLength + identifierLength + (StringRoomId is null ? 0 : 2 + roomIdLength)];
        Span<byte> span = buffer;
        span[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)identifierLength);
        span = span[3..];
        Encoding.UTF8.GetBytes(Identifier, span);
        span = span[identifierLength..];
        BinaryPrimitives.WriteUInt32BigEndian(span, sdkAppId);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], RoomId);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], expiresAt);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], (uint)Privileges);
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], accountType);
        if (StringRoomId is not null)
        {
            span = span[20..];
            BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)roomIdLength);
            Encoding.UTF8.GetBytes(StringRoomId, span[2..]);
        }

        return buffer;
    }

    private static uint ToUInt32(long value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, uint.MaxValue, name);
        return (uint)value;
    }
}
