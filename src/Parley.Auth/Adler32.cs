namespace Parley.Auth;

/// <summary>
/// Adler-32 checksum of RFC 1950 §9 (https://www.rfc-editor.org/rfc/rfc1950#section-9), used to check that a
/// userSig's zlib stream is complete: the inflater alone does not reject a stream cut inside its trailer.
/// </summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    // Largest n such that 255n(n+1)/2 + (n+1)(Modulus-1) fits in 32 bits (zlib's NMAX): the sums can run this
    // many bytes before they must be reduced.
    private const int MaxBytesBetweenReductions = 5552;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            int chunk = Math.Min(data.Length, MaxBytesBetweenReductions);
            foreach (byte value in data[..chunk])
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[chunk..];
        }

        return (b << 16) | a;
    }
}
