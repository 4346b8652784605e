namespace Parley.Srtp.Tests;

/// <summary>Every AES-GCM implementation SRTP may pick on this machine, each a fresh instance for <c>key</c>.</summary>
internal static class AesGcmImplementations
{
    public static IEnumerable<(string Name, IAesGcmCipher Cipher)> All(byte[] key)
    {
        yield return ("platform", new PlatformAesGcm(key));
        if (AesNiCounterModeTests.HardwarePathAvailable())
        {
            yield return ("AES-NI, 128-bit GHASH", new AesNiGcm(key, useWideMultiply: false));
            if (GhashKey.WideMultiplyIsSupported)
            {
                yield return ("AES-NI, 256-bit GHASH", new AesNiGcm(key, useWideMultiply: true));
            }
        }
    }
}
