namespace Parley.Srtp;

/// <summary>
/// One implementation of AES counter mode behind <see cref="AesCounterMode"/>: AES-NI (<see cref="AesNiCounterMode"/>)
/// or the platform's ECB transform (<see cref="EcbAesCounterMode"/>). Not thread-safe.
/// </summary>
internal interface IAesCounterModeCipher : IDisposable
{
    /// <summary>
    /// XORs the keystream that starts at counter block <paramref name="initialCounter"/> (16 bytes) onto
    /// <paramref name="data"/>; the low 32 bits of the counter are incremented per block, modulo 2^32.
    /// </summary>
    void Apply(ReadOnlySpan<byte> initialCounter, Span<byte> data);
}
