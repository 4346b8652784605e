using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Signaling.Sessions.Transport;

/// <summary>
/// The opening handshake of a WebSocket to <c>/ws</c> as it arrives on a connection (RFC 6455 §4.2.1): the request
/// line and headers, read from the connection's first bytes by <see cref="WebSocketConnections"/>.
/// </summary>
internal static class UpgradeRequest
{
    /// <summary>Longest request head accepted; browsers send well under 2 KB.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    // RFC 6455 §1.3: the GUID appended to the client's key before hashing.
    private static readonly byte[] HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

    /// <summary>
    /// Whether these first bytes start a request for <c>/ws</c> (request line <c>GET /ws </c> or <c>GET /ws?</c>); null
    /// while too few bytes have arrived to tell.
    /// </summary>
    public static bool? IsForSignaling(ReadOnlySequence<byte> start)
    {
        ReadOnlySpan<byte> expected = "GET /ws"u8;
        Span<byte> first = stackalloc byte[8];
        var length = (int)Math.Min(start.Length, first.Length);
        start.Slice(0, length).CopyTo(first);
        if (length < first.Length)
        {
            return first[..length].SequenceEqual(expected[..Math.Min(length, expected.Length)]) ? null : false;
        }
        return first[..expected.Length].SequenceEqual(expected) && first[7] is (byte)' ' or (byte)'?';
    }

    /// <summary>
    /// Reads the <c>Sec-WebSocket-Key</c> of a complete request head (up to, not including, the blank line) if it is a
    /// valid upgrade: HTTP/1.1 GET, <c>Upgrade: websocket</c>, <c>Connection</c> naming <c>upgrade</c>, version 13 and a
    /// key of 16 bytes in base64 (§4.2.1). Null for anything else.
    /// </summary>
    public static string? TryGetKey(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head);
        var lines = text.Split("\r\n");
        if (!lines[0].EndsWith(" HTTP/1.1", StringComparison.Ordinal))
        {
            return null;
        }
        string? key = null;
        bool upgrade = false, connection = false, version = false;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                upgrade = HasToken(value, "websocket");
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                connection = HasToken(value, "upgrade");
            }
            else if (name.Equals("Sec-WebSocket-Version", StringComparison.OrdinalIgnoreCase))
            {
                version = value == "13";
            }
            else if (name.Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))
            {
                key = value;
            }
        }
        Span<byte> decoded = stackalloc byte[32];
        return upgrade && connection && version && key is not null
            && Convert.TryFromBase64String(key, decoded, out var keyBytes) && keyBytes == 16 ? key : null;
    }

    /// <summary>RFC 6455 §4.2.2 step 5.4: base64 of the SHA-1 of the key followed by the GUID.</summary>
    public static string AcceptValue(string key)
    {
        Span<byte> input = stackalloc byte[128];
        var written = Encoding.ASCII.GetBytes(key.AsSpan().Trim(), input);
        HandshakeGuid.CopyTo(input[written..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 here; it proves the server read the handshake, it protects nothing.
        SHA1.HashData(input[..(written + HandshakeGuid.Length)], hash);
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    private static bool HasToken(string value, string token)
    {
        foreach (var part in value.Split(','))
        {
            if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
