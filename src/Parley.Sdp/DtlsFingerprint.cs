namespace Parley.Sdp;

/// <summary>
/// <c>a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;</c>: the hash of the DTLS certificate, upper-case hex
/// bytes joined by colons (RFC 8122 §5). The algorithm is compared case-insensitively ("SHA-256" = "sha-256").
/// </summary>
public sealed record DtlsFingerprint
{
    public DtlsFingerprint(string algorithm, string value)
    {
        if (!SdpText.IsToken(algorithm))
        {
            throw new ArgumentException($"'{algorithm}' is not a valid hash function name.", nameof(algorithm));
        }

        if (!TryDecodeHex(value, out _))
        {
            throw new ArgumentException("A fingerprint must be hex byte pairs separated by colons.", nameof(value));
        }

        Algorithm = algorithm.ToLowerInvariant();
        Value = value.ToUpperInvariant();
    }

    /// <summary>Lower-case hash function name, e.g. "sha-256".</summary>
    public string Algorithm { get; }

    /// <summary>Upper-case colon-separated hex, e.g. "6B:8B:…".</summary>
    public string Value { get; }

    /// <summary>Formats raw digest bytes, e.g. the SHA-256 of the DER certificate.</summary>
    public static DtlsFingerprint FromBytes(string algorithm, ReadOnlySpan<byte> digest)
    {
        if (digest.IsEmpty)
        {
            throw new ArgumentException("A fingerprint digest cannot be empty.", nameof(digest));
        }

        return new DtlsFingerprint(algorithm, string.Join(':', digest.ToArray().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))));
    }

    // https://www.rfc-editor.org/rfc/rfc8122#section-5
    public static bool TryParse(string? value, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        if (fields.Length != 2 || !SdpText.IsToken(fields[0]) || !TryDecodeHex(fields[1], out _))
        {
            return false;
        }

        fingerprint = new DtlsFingerprint(fields[0], fields[1]);
        return true;
    }

    /// <summary>The digest bytes, for comparing with the hash of the certificate the peer presents.</summary>
    public byte[] GetBytes()
    {
        TryDecodeHex(Value, out var bytes);
        return bytes;
    }

    /// <summary>True when <paramref name="digest"/> is the digest this fingerprint announces.</summary>
    public bool Matches(ReadOnlySpan<byte> digest) => GetBytes().AsSpan().SequenceEqual(digest);

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Fingerprint, ToString());

    public override string ToString() => $"{Algorithm} {Value}";

    private static bool TryDecodeHex(string text, out byte[] bytes)
    {
        bytes = [];
        // "AB" or "AB:CD:..." → length 3n−1.
        if (text.Length < 2 || (text.Length + 1) % 3 != 0)
        {
            return false;
        }

        var result = new byte[(text.Length + 1) / 3];
        for (var i = 0; i < result.Length; i++)
        {
            var offset = i * 3;
            if ((i > 0 && text[offset - 1] != ':')
                || !char.IsAsciiHexDigit(text[offset])
                || !char.IsAsciiHexDigit(text[offset + 1]))
            {
                return false;
            }

            result[i] = (byte)((HexValue(text[offset]) << 4) | HexValue(text[offset + 1]));
        }

        bytes = result;
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
