namespace Parley.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j = AES(k, IV + j), XORed onto the data.
/// Runs on AES-NI (<see cref="AesNiCounterMode"/>, eight blocks in flight) when the CPU has it, otherwise on the
/// platform's ECB transform (<see cref="EcbAesCounterMode"/>); both give identical output.
/// Not thread-safe: the owning <see cref="SrtpContext"/> serializes calls.
/// </summary>
public sealed class AesCounterMode : IDisposable
{
    private readonly IAesCounterModeCipher _cipher;

    /// <summary>Creates the cipher for one session encryption key (16, 24 or 32 bytes).</summary>
    /// <exception cref="ArgumentException">The key has another length (checked by either implementation).</exception>
    public AesCounterMode(ReadOnlySpan<byte> key) =>
        _cipher = AesNiCounterMode.IsSupported ? new AesNiCounterMode(key) : new EcbAesCounterMode(key);

    /// <summary>
    /// XORs the keystream that starts at counter block <paramref name="initialCounter"/> onto <paramref name="data"/>
    /// (encryption and decryption are the same operation). The low 32 bits of the counter are incremented per block.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> initialCounter, Span<byte> data) => _cipher.Apply(initialCounter, data);

    /// <inheritdoc />
    public void Dispose() => _cipher.Dispose();
}
