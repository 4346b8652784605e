using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j = AES(k, IV + j), XORed onto the data.
/// .NET has no CTR mode, so the counter blocks are encrypted with a cached ECB transform.
/// Not thread-safe: the owning <see cref="SrtpContext"/> serializes calls.
/// </summary>
public sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;

    // 64 blocks per ECB call: large enough that a 1,200-byte payload needs two calls, small enough to stay in L1.
    private const int ChunkBlocks = 64;
    private const int ChunkBytes = ChunkBlocks * BlockSize;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;

    // Owned by this instance for its lifetime; the ECB transform only takes arrays, and reusing them keeps the hot
    // path allocation-free.
    private readonly byte[] _counterBlocks = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    /// <summary>Creates the cipher for one session encryption key (16, 24 or 32 bytes).</summary>
    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("AES key must be 16, 24 or 32 bytes.", nameof(key));
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>
    /// XORs the keystream that starts at counter block <paramref name="initialCounter"/> onto <paramref name="data"/>
    /// (encryption and decryption are the same operation). The low 32 bits of the counter are incremented per block.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> initialCounter, Span<byte> data)
    {
        if (initialCounter.Length != BlockSize)
        {
            throw new ArgumentException("The counter block is 16 bytes.", nameof(initialCounter));
        }

        var counterLow = BinaryPrimitives.ReadUInt32BigEndian(initialCounter[12..]);
        var blocksDone = 0u;
        for (var offset = 0; offset < data.Length; offset += ChunkBytes)
        {
            var chunkLength = Math.Min(ChunkBytes, data.Length - offset);
            var blocks = (chunkLength + BlockSize - 1) / BlockSize;
            var counters = _counterBlocks.AsSpan(0, blocks * BlockSize);
            for (var block = 0; block < blocks; block++)
            {
                var counterBlock = counters.Slice(block * BlockSize, BlockSize);
                initialCounter[..12].CopyTo(counterBlock);
                BinaryPrimitives.WriteUInt32BigEndian(counterBlock[12..], counterLow + blocksDone + (uint)block);
            }

            _ecb.TransformBlock(_counterBlocks, 0, counters.Length, _keystream, 0);
            ByteXor.Apply(data.Slice(offset, chunkLength), _keystream);
            blocksDone += (uint)blocks;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
