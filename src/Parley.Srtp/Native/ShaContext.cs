using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Parley.Srtp.Native;

/// <summary>
/// OpenSSL's <c>SHA_CTX</c> (<c>openssl/sha.h</c>, unchanged from 1.0 to 3.x): chaining value h0..h4, the 64-bit bit
/// count as two 32-bit halves, one partial block and its fill level. <c>SHA_LONG</c> is a 32-bit <c>unsigned int</c>
/// on every LP64/LLP64 target .NET runs on. Blittable, 96 bytes, lives on the stack or inside its owner.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ShaContext
{
    public ChainingValue H;
    public uint BitCountLow;
    public uint BitCountHigh;
    public PartialBlock Data;
    public uint PartialLength;

    /// <summary>h0..h4 in host order.</summary>
    [InlineArray(5)]
    public struct ChainingValue
    {
        private uint _element;
    }

    /// <summary>SHA_LBLOCK (16) words of buffered input.</summary>
    [InlineArray(16)]
    public struct PartialBlock
    {
        private uint _element;
    }
}
