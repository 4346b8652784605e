using System.Security.Cryptography;

namespace Parley.Dtls;

/// <summary>
/// A certificate fingerprint as carried in SDP <c>a=fingerprint:sha-256 AB:CD:...</c>
/// (RFC 8122 §5, https://www.rfc-editor.org/rfc/rfc8122#section-5). Immutable; equality compares algorithm and bytes.
/// The one fingerprint type: SDP parses and writes it, DTLS checks the peer's certificate against it.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _value;

    private DtlsFingerprint(string algorithm, byte[] value)
    {
        Algorithm = algorithm;
        _value = value;
    }

    /// <summary>Lower-case hash function name as in SDP: <c>sha-256</c>, <c>sha-384</c>, <c>sha-512</c> or <c>sha-1</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Fingerprint of a DER-encoded certificate with the given hash function.</summary>
    /// <exception cref="ArgumentException">The hash function is not supported.</exception>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> certificateDer, string algorithm = "sha-256")
    {
        var normalized = algorithm.ToLowerInvariant();
        if (!TryHash(normalized, certificateDer, out var digest))
        {
            throw new ArgumentException($"Unsupported fingerprint hash function '{algorithm}'.", nameof(algorithm));
        }

        return new DtlsFingerprint(normalized, digest);
    }

    /// <summary>A fingerprint from a digest already computed (e.g. read from elsewhere); the length must fit the hash function.</summary>
    /// <exception cref="ArgumentException">Unknown hash function, or a digest of the wrong length.</exception>
    public static DtlsFingerprint FromDigest(string algorithm, ReadOnlySpan<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var normalized = algorithm.ToLowerInvariant();
        int expected = DigestLength(normalized);
        if (expected == 0 || digest.Length != expected)
        {
            throw new ArgumentException($"A {algorithm} fingerprint has {expected} bytes, not {digest.Length}.", nameof(digest));
        }

        return new DtlsFingerprint(normalized, digest.ToArray());
    }

    /// <summary>
    /// Parses the value of an SDP fingerprint attribute (<c>sha-256 AB:CD:...</c>). Never throws: false for unknown
    /// hash functions, wrong digest lengths or malformed hex.
    /// </summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            return false;
        }

        var algorithm = parts[0].ToLowerInvariant();
        var expectedLength = DigestLength(algorithm);
        var hexPairs = parts[1].Split(':');
        if (expectedLength == 0 || hexPairs.Length != expectedLength)
        {
            return false;
        }

        var value = new byte[expectedLength];
        for (var i = 0; i < hexPairs.Length; i++)
        {
            if (hexPairs[i].Length != 2 || !byte.TryParse(hexPairs[i], System.Globalization.NumberStyles.AllowHexSpecifier, null, out value[i]))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(algorithm, value);
        return true;
    }

    /// <summary>Parses an SDP fingerprint value; throws for malformed input (use for configuration, not wire input).</summary>
    /// <exception cref="FormatException">Not a valid fingerprint.</exception>
    public static DtlsFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint) ? fingerprint : throw new FormatException($"'{text}' is not a certificate fingerprint.");

    /// <summary>True when <paramref name="certificateDer"/> hashes to this fingerprint (constant-time compare).</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer) =>
        TryHash(Algorithm, certificateDer, out var digest) && CryptographicOperations.FixedTimeEquals(digest, _value);

    /// <summary>SDP form: <c>sha-256 AB:CD:...</c> with upper-case hex.</summary>
    public override string ToString() => $"{Algorithm} {Convert.ToHexString(_value).Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => a + ":" + b)}";

    /// <inheritdoc />
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && _value.AsSpan().SequenceEqual(other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Algorithm, BitConverter.ToInt32(_value, 0));

    private static int DigestLength(string algorithm) => algorithm switch
    {
        "sha-1" => 20,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };

    private static bool TryHash(string algorithm, ReadOnlySpan<byte> data, out byte[] digest)
    {
        digest = algorithm switch
        {
#pragma warning disable CA5350 // SHA-1 fingerprints are still legal in SDP (RFC 8122); we only compare, never sign.
            "sha-1" => SHA1.HashData(data),
#pragma warning restore CA5350
            "sha-256" => SHA256.HashData(data),
            "sha-384" => SHA384.HashData(data),
            "sha-512" => SHA512.HashData(data),
            _ => [],
        };
        return digest.Length > 0;
    }
}
