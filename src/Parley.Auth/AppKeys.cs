using System.Security.Cryptography;

namespace Parley.Auth;

/// <summary>Creates an app's signing material (R1.3), as the admin API does when an app is created.</summary>
public static class AppKeys
{
    private const int SecretKeyHexLength = 64;

    /// <summary>A new secret key: 64 lower-case hex characters (256 random bits), like the vendor console's.</summary>
    public static string NewSecretKey() => RandomNumberGenerator.GetHexString(SecretKeyHexLength, lowercase: true);

    /// <summary>
    /// A new ECDSA P-256 key pair for asymmetric userSigs: the private key as PKCS#8 PEM ("BEGIN PRIVATE KEY",
    /// handed to the operator) and the public key as SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY", kept by the server).
    /// </summary>
    public static (string PrivateKeyPem, string PublicKeyPem) NewEcdsaKeyPair()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>Imports a PKCS#8 or SEC1 PEM EC private key; throws <see cref="ArgumentException"/> when it holds none.</summary>
    internal static ECDsa ImportEcdsaPrivateKey(string privateKeyPem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException("The PEM holds no EC private key (expected BEGIN PRIVATE KEY or BEGIN EC PRIVATE KEY).", nameof(privateKeyPem), exception);
        }

        if (!HasPrivateKey(key))
        {
            key.Dispose();
            throw new ArgumentException("The PEM holds a public key; a private key is needed to sign.", nameof(privateKeyPem));
        }

        return key;
    }

    /// <summary>Imports a PEM EC public key (or private key, whose public half is used); null when it holds none.</summary>
    internal static ECDsa? TryImportEcdsaPublicKey(string publicKeyPem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
            return key;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    private static bool HasPrivateKey(ECDsa key)
    {
        try
        {
            return key.ExportParameters(includePrivateParameters: true).D is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
