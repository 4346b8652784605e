using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Srtp;

/// <summary>
/// AES counter mode on the platform cipher, for CPUs without AES-NI (ARM64 among them): .NET has no CTR mode, so the
/// counter blocks are encrypted with a cached ECB transform. Same counter semantics as
/// <see cref="AesNiCounterMode"/>. Not thread-safe: the owner serializes calls.
/// </summary>
internal sealed class EcbAesCounterMode : IAesCounterModeCipher
{
    private const int BlockSize = 16;

    // 64 blocks per ECB call: large enough that a 1,200-byte payload needs two calls, small enough to stay in L1.
    private const int ChunkBlocks = 64;
    private const int ChunkBytes = ChunkBlocks * BlockSize;

    private readonly System.Security.Cryptography.Aes _aes;
    private readonly ICryptoTransform _ecb;

    // Owned by this instance for its lifetime; the ECB transform only takes arrays, and reusing them keeps the hot
    // path allocation-free.
    private readonly byte[] _counterBlocks = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    /// <summary>Creates the cipher for a 16-, 24- or 32-byte key.</summary>
    public EcbAesCounterMode(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("AES key must be 16, 24 or 32 bytes.", nameof(key));
        }

        _aes = System.Security.Cryptography.Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <inheritdoc />
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
        CryptographicOperations.ZeroMemory(_keystream);
        _ecb.Dispose();
        _aes.Dispose();
    }
}
