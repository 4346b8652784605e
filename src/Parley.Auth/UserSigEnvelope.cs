using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Parley.Auth;

/// <summary>
/// The outer layer shared by every userSig format (product-rules §2, step 5): the JSON document is
/// zlib-compressed (RFC 1950, https://www.rfc-editor.org/rfc/rfc1950), base64-encoded, then made URL-safe
/// with <c>+</c>→<c>*</c>, <c>/</c>→<c>-</c>, <c>=</c>→<c>_</c>.
/// </summary>
internal static class UserSigEnvelope
{
    /// <summary>Largest inflated JSON accepted; anything larger is a zip bomb or garbage (70003).</summary>
    public const int MaxJsonBytes = 64 * 1024;

    /// <summary>Longest userSig string accepted before any decoding (a PrivateMapKey sig is ~400 characters).</summary>
    public const int MaxUserSigLength = 16 * 1024;

    // zlib level 6 is zlib's default and what the vendor's Node library uses; with .NET's zlib the vendor's test
    // vector comes out byte-identical (verifiers must not depend on that, see docs/usersig.md).
    private const int VendorDefaultCompressionLevel = 6;

    /// <summary>Compresses <paramref name="json"/> and returns the URL-safe base64 userSig string.</summary>
    public static string Encode(ReadOnlySpan<byte> json)
    {
        using var compressed = new MemoryStream(json.Length + 64);
        using (var zlib = new ZLibStream(compressed, new ZLibCompressionOptions { CompressionLevel = VendorDefaultCompressionLevel }, leaveOpen: true))
        {
            zlib.Write(json);
        }

        // GetBuffer avoids a copy; the MemoryStream owns the array and is disposed after string.Create returns.
        var deflated = new ArraySegment<byte>(compressed.GetBuffer(), 0, (int)compressed.Length);
        return string.Create(((deflated.Count + 2) / 3) * 4, deflated, static (chars, bytes) =>
        {
            Convert.TryToBase64Chars(bytes, chars, out _);
            ToUrlSafe(chars);
        });
    }

    /// <summary>
    /// Decodes and inflates a userSig into <paramref name="jsonBuffer"/> (caller-owned, at least
    /// <see cref="MaxJsonBytes"/> + 1 bytes). Returns false for anything that is not a complete zlib stream of at
    /// most <see cref="MaxJsonBytes"/> bytes in (URL-safe or standard) base64. Never throws on any input.
    /// </summary>
    public static bool TryInflate(string userSig, byte[] jsonBuffer, out int jsonLength)
    {
        jsonLength = 0;
        if (userSig.Length > MaxUserSigLength)
        {
            return false;
        }

        // Both buffers are rented here and returned in the finally block; nothing outlives this call.
        char[] standardBase64 = ArrayPool<char>.Shared.Rent(userSig.Length);
        byte[] deflated = ArrayPool<byte>.Shared.Rent(userSig.Length);
        try
        {
            Span<char> chars = standardBase64.AsSpan(0, userSig.Length);
            userSig.AsSpan().CopyTo(chars);
            FromUrlSafe(chars);
            if (!Convert.TryFromBase64Chars(chars, deflated, out int deflatedLength) || deflatedLength < 6)
            {
                return false;
            }

            if (!TryInflateZlib(deflated, deflatedLength, jsonBuffer, out jsonLength))
            {
                return false;
            }

            // RFC 1950 §2.2: the stream ends with the Adler-32 of the uncompressed data, big-endian. Checking it
            // ourselves rejects streams truncated inside the trailer and streams followed by garbage.
            uint trailer = BinaryPrimitives.ReadUInt32BigEndian(deflated.AsSpan(deflatedLength - 4, 4));
            return trailer == Adler32.Compute(jsonBuffer.AsSpan(0, jsonLength));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(standardBase64);
            ArrayPool<byte>.Shared.Return(deflated);
        }
    }

    private static bool TryInflateZlib(byte[] deflated, int deflatedLength, byte[] jsonBuffer, out int jsonLength)
    {
        jsonLength = 0;
        try
        {
            using var input = new MemoryStream(deflated, 0, deflatedLength, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);

            // Read one byte past the cap so an oversized stream is detected without inflating it further.
            int limit = MaxJsonBytes + 1;
            int read;
            while (jsonLength < limit && (read = zlib.Read(jsonBuffer, jsonLength, limit - jsonLength)) > 0)
            {
                jsonLength += read;
            }

            return jsonLength <= MaxJsonBytes;
        }
        catch (InvalidDataException)
        {
            // Corrupt deflate data or a bad zlib header.
            return false;
        }
        catch (IOException)
        {
            // ZLibException: zlib itself reported an error (e.g. a stream that ends inside a block).
            return false;
        }
    }

    private static void ToUrlSafe(Span<char> base64)
    {
        for (int i = 0; i < base64.Length; i++)
        {
            base64[i] = base64[i] switch { '+' => '*', '/' => '-', '=' => '_', var c => c };
        }
    }

    // Standard base64 characters pass through unchanged, so a userSig whose URL-safe mapping was undone by a
    // careless copy still decodes.
    private static void FromUrlSafe(Span<char> base64)
    {
        for (int i = 0; i < base64.Length; i++)
        {
            base64[i] = base64[i] switch { '*' => '+', '-' => '/', '_' => '=', var c => c };
        }
    }
}
