using System.Security.Cryptography;

namespace Parley.WebRtc.Ice;

/// <summary>An ICE username fragment and password (RFC 8445 §5.3), plus the password's UTF-8 bytes used as HMAC key.</summary>
public sealed class IceCredentials
{
    // https://www.rfc-editor.org/rfc/rfc8839#section-5.4 — ice-char = ALPHA / DIGIT / "+" / "/";
    // ufrag at least 4 characters, password at least 22 (we use 8 and 24 → 48 and 144 bits of randomness).
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public IceCredentials(string usernameFragment, string password)
    {
        if (string.IsNullOrEmpty(usernameFragment) || usernameFragment.Length > 256 || usernameFragment.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("An ICE ufrag is 1–256 characters without ':'.", nameof(usernameFragment));
        }

        if (string.IsNullOrEmpty(password) || password.Length > 256)
        {
            throw new ArgumentException("An ICE password is 1–256 characters.", nameof(password));
        }

        UsernameFragment = usernameFragment;
        Password = password;
        UsernameFragmentUtf8 = System.Text.Encoding.UTF8.GetBytes(usernameFragment);
        PasswordKey = System.Text.Encoding.UTF8.GetBytes(password);
    }

    public string UsernameFragment { get; }

    /// <summary>The ufrag's UTF-8 bytes, as it appears before the colon of an incoming check's USERNAME.</summary>
    public ReadOnlyMemory<byte> UsernameFragmentUtf8 { get; }

    public string Password { get; }

    /// <summary>The short-term credential key for MESSAGE-INTEGRITY (RFC 8489 §9.1.1): the password's UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> PasswordKey { get; }

    public static IceCredentials CreateRandom() => new(RandomString(8), RandomString(24));

    private static string RandomString(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
