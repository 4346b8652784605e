namespace Parley.Srtp;

/// <summary>
/// Master keys and salts of both directions, split from the DTLS-SRTP exporter output
/// (RFC 5764 §4.2, https://www.rfc-editor.org/rfc/rfc5764#section-4.2):
/// <c>client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt | server_write_SRTP_master_salt</c>.
/// </summary>
public sealed class SrtpKeyingMaterial
{
    private SrtpKeyingMaterial(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt)
    {
        Profile = profile;
        LocalMasterKey = localKey;
        LocalMasterSalt = localSalt;
        RemoteMasterKey = remoteKey;
        RemoteMasterSalt = remoteSalt;
    }

    /// <summary>The negotiated profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Master key we protect outgoing packets with.</summary>
    public ReadOnlyMemory<byte> LocalMasterKey { get; }

    /// <summary>Master salt we protect outgoing packets with.</summary>
    public ReadOnlyMemory<byte> LocalMasterSalt { get; }

    /// <summary>Master key the peer protects with; we unprotect with it.</summary>
    public ReadOnlyMemory<byte> RemoteMasterKey { get; }

    /// <summary>Master salt the peer protects with.</summary>
    public ReadOnlyMemory<byte> RemoteMasterSalt { get; }

    /// <summary>Number of exporter bytes to request for <paramref name="profile"/>: 2 * (key + salt).</summary>
    public static int ExportLength(SrtpProfile profile) => 2 * SrtpProfileParameters.For(profile).KeyingMaterialLengthPerSide;

    /// <summary>
    /// Splits the exporter output. <paramref name="isClient"/> is our DTLS role: the client writes with the client
    /// keys, the server with the server keys.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="exported"/> is not <see cref="ExportLength"/> bytes.</exception>
    public static SrtpKeyingMaterial Split(SrtpProfile profile, ReadOnlySpan<byte> exported, bool isClient)
    {
        var parameters = SrtpProfileParameters.For(profile);
        var keyLength = parameters.MasterKeyLength;
        var saltLength = parameters.MasterSaltLength;
        if (exported.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException($"{profile} needs {2 * (keyLength + saltLength)} bytes of keying material.", nameof(exported));
        }

        var clientKey = exported[..keyLength].ToArray();
        var serverKey = exported.Slice(keyLength, keyLength).ToArray();
        var clientSalt = exported.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = exported.Slice((2 * keyLength) + saltLength, saltLength).ToArray();
        return isClient
            ? new SrtpKeyingMaterial(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new SrtpKeyingMaterial(profile, serverKey, serverSalt, clientKey, clientSalt);
    }
}
