namespace Parley.Srtp;

/// <summary>
/// The SRTP key derivation function with the AES-CM PRF and key_derivation_rate 0
/// (RFC 3711 §4.3, https://www.rfc-editor.org/rfc/rfc3711#section-4.3; AES-256 PRF per RFC 6188 §7;
/// 96-bit GCM master salts per RFC 7714 §11 are zero-padded to the 112-bit PRF input).
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>Label of the SRTP encryption key.</summary>
    public const byte RtpEncryptionLabel = 0x00;

    /// <summary>Label of the SRTP authentication key.</summary>
    public const byte RtpAuthenticationLabel = 0x01;

    /// <summary>Label of the SRTP salt.</summary>
    public const byte RtpSaltLabel = 0x02;

    /// <summary>Label of the SRTCP encryption key.</summary>
    public const byte RtcpEncryptionLabel = 0x03;

    /// <summary>Label of the SRTCP authentication key.</summary>
    public const byte RtcpAuthenticationLabel = 0x04;

    /// <summary>Label of the SRTCP salt.</summary>
    public const byte RtcpSaltLabel = 0x05;

    private const int PrfSaltLength = 14;

    /// <summary>Fills <paramref name="output"/> with the session key for <paramref name="label"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > PrfSaltLength)
        {
            throw new ArgumentException("Master salt is at most 14 bytes.", nameof(masterSalt));
        }

        using var prf = new AesCounterMode(masterKey);
        Derive(prf, masterSalt, label, output);
    }

    internal static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        // x = key_id XOR master_salt, key_id = label || r with r = 0 (rate 0); IV = x * 2^16.
        // The 48-bit r sits in bytes 8..13 and is zero, so only the label byte (byte 7) changes the salt.
        Span<byte> initialCounter = stackalloc byte[16];
        initialCounter.Clear();
        masterSalt.CopyTo(initialCounter);
        initialCounter[7] ^= label;

        output.Clear();
        prf.Apply(initialCounter, output);
    }
}
