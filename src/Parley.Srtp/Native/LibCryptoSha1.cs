using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Parley.Srtp.Native;

/// <summary>
/// OpenSSL's low-level SHA-1 entry points (<c>SHA1_Init</c>, <c>SHA1_Update</c>, <c>SHA1_Transform</c>), from the same
/// <c>libcrypto</c> that .NET's own OpenSSL shim loads. They are the cheapest way to reach OpenSSL's SHA-NI
/// compression function from .NET on x64: .NET exposes no SHA intrinsics there, and the EVP_MAC path that
/// <see cref="System.Security.Cryptography.IncrementalHash"/> takes re-initializes an HMAC context per message.
/// An instance exists only when the library and all three symbols were found (see <see cref="Shared"/>).
/// </summary>
/// <remarks>
/// <para>The symbols are probed first with <see cref="NativeLibrary.TryGetExport"/>, so a missing library or an
/// OpenSSL built without deprecated APIs turns into a <see langword="null"/> <see cref="Shared"/> (and the caller's
/// managed fallback) instead of an exception on first call. The probed handle is then handed to the
/// <c>[LibraryImport]</c> declarations through this assembly's DllImport resolver and kept for the life of the
/// process (it is the one .NET's shim already holds).</para>
/// <para>Why <c>[LibraryImport]</c> and not function pointers from <c>TryGetExport</c>: on this Zen 3 host an
/// unmanaged <c>calli</c> cost 110–230 ns more per HMAC than a P/Invoke (measured; the gap disappears with
/// <c>DOTNET_EnableAVX=0</c>). The JIT clears the upper AVX state (<c>vzeroupper</c>) before a P/Invoke but not before
/// a <c>calli</c>, and OpenSSL's SHA-NI code is legacy-SSE encoded, so it ran with the dirty-upper-state penalty.
/// <c>SuppressGCTransition</c> was measured too and saved nothing measurable (&lt; 10 ns), so the ordinary transition
/// stays and long packets cannot delay a garbage collection.</para>
/// </remarks>
internal sealed unsafe partial class LibCryptoSha1
{
    /// <summary>SHA-1 block size in bytes.</summary>
    public const int BlockLength = 64;

    // The name the [LibraryImport]s bind to; only this assembly's resolver maps it to a real library.
    private const string ResolvedLibraryName = "parley-libcrypto-sha1";

    private static readonly Lazy<LibCryptoSha1?> SharedInstance = new(LoadShared);

    private LibCryptoSha1()
    {
    }

    /// <summary>The process-wide instance, or <see langword="null"/> when no usable libcrypto is present.</summary>
    public static LibCryptoSha1? Shared => SharedInstance.Value;

    /// <summary>
    /// The library names .NET's OpenSSL shim tries, in its order: the <c>CLR_OPENSSL_VERSION_OVERRIDE</c> version if
    /// set, then OpenSSL 3 and 1.1. Only on Linux/FreeBSD: elsewhere .NET does not use OpenSSL, and loading a stray
    /// libcrypto (e.g. one from Homebrew) next to the platform crypto is not wanted.
    /// </summary>
    public static IReadOnlyList<string> DefaultLibraryNames()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD())
        {
            return [];
        }

        var names = new List<string>(3);
        var overrideVersion = Environment.GetEnvironmentVariable("CLR_OPENSSL_VERSION_OVERRIDE");
        if (!string.IsNullOrWhiteSpace(overrideVersion))
        {
            names.Add($"libcrypto.so.{overrideVersion.Trim()}");
        }

        names.Add("libcrypto.so.3");
        names.Add("libcrypto.so.1.1");
        return names;
    }

    /// <summary>
    /// Opens the first of <paramref name="libraryNames"/> that loads and exports all three SHA-1 functions. False when
    /// none does; a library that opened but lacked a symbol is released again.
    /// </summary>
    public static bool TryProbe(IEnumerable<string> libraryNames, out nint handle)
    {
        foreach (var name in libraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out handle))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(handle, "SHA1_Init", out _)
                && NativeLibrary.TryGetExport(handle, "SHA1_Update", out _)
                && NativeLibrary.TryGetExport(handle, "SHA1_Transform", out _))
            {
                return true;
            }

            NativeLibrary.Free(handle);
        }

        handle = 0;
        return false;
    }

    /// <summary>Resets <paramref name="context"/> to the SHA-1 initial state.</summary>
    public void Init(ref ShaContext context)
    {
        fixed (ShaContext* contextPointer = &context)
        {
            if (Sha1Init(contextPointer) != 1)
            {
                throw new CryptographicException("SHA1_Init failed.");
            }
        }
    }

    /// <summary>Absorbs <paramref name="data"/>. When the context holds no partial block and the length is a multiple
    /// of 64, OpenSSL compresses straight from <paramref name="data"/> without copying it.</summary>
    public void Update(ref ShaContext context, ReadOnlySpan<byte> data)
    {
        fixed (ShaContext* contextPointer = &context)
        fixed (byte* dataPointer = data)
        {
            // SHA1_Update fails only on a null context, which cannot happen here.
            _ = Sha1Update(contextPointer, dataPointer, (nuint)data.Length);
        }
    }

    /// <summary>Compresses exactly one 64-byte block into the chaining value, leaving the length counters alone.</summary>
    public void Transform(ref ShaContext context, ReadOnlySpan<byte> block)
    {
        if (block.Length != BlockLength)
        {
            throw new ArgumentException("SHA1_Transform takes one 64-byte block.", nameof(block));
        }

        fixed (ShaContext* contextPointer = &context)
        fixed (byte* blockPointer = block)
        {
            Sha1Transform(contextPointer, blockPointer);
        }
    }

    private static LibCryptoSha1? LoadShared()
    {
        if (!TryProbe(DefaultLibraryNames(), out var handle))
        {
            return null;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(
                typeof(LibCryptoSha1).Assembly,
                (name, _, _) => name == ResolvedLibraryName ? handle : 0);
        }
        catch (InvalidOperationException)
        {
            // Another resolver already owns this assembly: without ours the imports cannot be bound to the probed
            // library, so use the managed fallback rather than guess.
            return null;
        }

        return new LibCryptoSha1();
    }

    [LibraryImport(ResolvedLibraryName, EntryPoint = "SHA1_Init")]
    private static partial int Sha1Init(ShaContext* context);

    [LibraryImport(ResolvedLibraryName, EntryPoint = "SHA1_Update")]
    private static partial int Sha1Update(ShaContext* context, byte* data, nuint length);

    [LibraryImport(ResolvedLibraryName, EntryPoint = "SHA1_Transform")]
    private static partial void Sha1Transform(ShaContext* context, byte* block);
}
