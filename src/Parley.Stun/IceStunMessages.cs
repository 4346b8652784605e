using System.Net;
using System.Text;

namespace Parley.Stun;

/// <summary>
/// Ready-made ICE connectivity-check messages (RFC 8445 §7.2.2, §7.3.1), each written into a
/// caller-owned buffer; the return value is the number of bytes written. 576 bytes is always enough
/// for what these write with usernames and reasons of sane length.
/// </summary>
public static class IceStunMessages
{
    /// <summary>ICE ufrags are at most 256 characters (RFC 8839 §5.4), so "a:b" fits in 513 bytes.</summary>
    private const int MaxUsernameBytes = 513;

    /// <summary>
    /// A connectivity check from our agent: USERNAME "remoteUfrag:localUfrag", PRIORITY, ICE-CONTROLLING
    /// or ICE-CONTROLLED, USE-CANDIDATE when nominating, MESSAGE-INTEGRITY keyed with the remote
    /// password, FINGERPRINT.
    /// </summary>
    public static int WriteBindingRequest(
        Span<byte> destination,
        StunTransactionId transactionId,
        ReadOnlySpan<char> remoteUfrag,
        ReadOnlySpan<char> localUfrag,
        ReadOnlySpan<byte> remotePassword,
        uint priority,
        IceRole localRole,
        ulong tieBreaker,
        bool useCandidate) =>
        WriteBindingRequestCore(destination, transactionId, remoteUfrag, localUfrag, null, remotePassword, priority, localRole, tieBreaker, useCandidate);

    /// <summary>As the other overload, with the remote password prepared once as a <see cref="StunMessageIntegrityKey"/> (faster).</summary>
    public static int WriteBindingRequest(
        Span<byte> destination,
        StunTransactionId transactionId,
        ReadOnlySpan<char> remoteUfrag,
        ReadOnlySpan<char> localUfrag,
        StunMessageIntegrityKey remotePassword,
        uint priority,
        IceRole localRole,
        ulong tieBreaker,
        bool useCandidate)
    {
        ArgumentNullException.ThrowIfNull(remotePassword);
        return WriteBindingRequestCore(destination, transactionId, remoteUfrag, localUfrag, remotePassword, default, priority, localRole, tieBreaker, useCandidate);
    }

    private static int WriteBindingRequestCore(
        Span<byte> destination,
        StunTransactionId transactionId,
        ReadOnlySpan<char> remoteUfrag,
        ReadOnlySpan<char> localUfrag,
        StunMessageIntegrityKey? preparedPassword,
        ReadOnlySpan<byte> rawPassword,
        uint priority,
        IceRole localRole,
        ulong tieBreaker,
        bool useCandidate)
    {
        var usernameLength = Encoding.UTF8.GetByteCount(remoteUfrag) + 1 + Encoding.UTF8.GetByteCount(localUfrag);
        if (usernameLength > MaxUsernameBytes)
        {
            throw new ArgumentException("The combined ufrags exceed the 513-byte USERNAME limit.", nameof(remoteUfrag));
        }

        Span<byte> username = stackalloc byte[usernameLength];
        var written = Encoding.UTF8.GetBytes(remoteUfrag, username);
        username[written] = (byte)':';
        Encoding.UTF8.GetBytes(localUfrag, username[(written + 1)..]);

        var writer = new StunMessageWriter(destination, StunMethod.Binding, StunMessageClass.Request, transactionId);
        writer.AddUsername(username);
        writer.AddPriority(priority);
        if (localRole == IceRole.Controlling)
        {
            writer.AddIceControlling(tieBreaker);
        }
        else
        {
            writer.AddIceControlled(tieBreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        if (preparedPassword is null)
        {
            writer.AddMessageIntegrity(rawPassword);
        }
        else
        {
            writer.AddMessageIntegrity(preparedPassword);
        }

        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>
    /// The answer to a valid check: XOR-MAPPED-ADDRESS of the request's source, MESSAGE-INTEGRITY keyed
    /// with our own password, FINGERPRINT; same transaction id as the request.
    /// </summary>
    public static int WriteBindingSuccess(
        Span<byte> destination,
        StunTransactionId transactionId,
        IPEndPoint mappedAddress,
        ReadOnlySpan<byte> localPassword)
    {
        var writer = new StunMessageWriter(destination, StunMethod.Binding, StunMessageClass.SuccessResponse, transactionId);
        writer.AddXorMappedAddress(mappedAddress);
        writer.AddMessageIntegrity(localPassword);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>As the other overload, with our password prepared once as a <see cref="StunMessageIntegrityKey"/> (faster).</summary>
    public static int WriteBindingSuccess(
        Span<byte> destination,
        StunTransactionId transactionId,
        IPEndPoint mappedAddress,
        StunMessageIntegrityKey localPassword)
    {
        ArgumentNullException.ThrowIfNull(localPassword);
        var writer = new StunMessageWriter(destination, StunMethod.Binding, StunMessageClass.SuccessResponse, transactionId);
        writer.AddXorMappedAddress(mappedAddress);
        writer.AddMessageIntegrity(localPassword);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>
    /// An error response. Pass our password as <paramref name="integrityKey"/> when the request
    /// authenticated (e.g. 487 Role Conflict); leave it empty for 400/401, where we could not.
    /// </summary>
    public static int WriteBindingError(
        Span<byte> destination,
        StunTransactionId transactionId,
        int errorCode,
        ReadOnlySpan<char> reason,
        ReadOnlySpan<byte> integrityKey)
    {
        var writer = new StunMessageWriter(destination, StunMethod.Binding, StunMessageClass.ErrorResponse, transactionId);
        writer.AddErrorCode(errorCode, reason);
        if (!integrityKey.IsEmpty)
        {
            writer.AddMessageIntegrity(integrityKey);
        }

        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>The conventional reason phrase for the codes ICE uses.</summary>
    public static string ReasonPhrase(int errorCode) => errorCode switch
    {
        StunErrorCode.TryAlternate => "Try Alternate",
        StunErrorCode.BadRequest => "Bad Request",
        StunErrorCode.Unauthorized => "Unauthorized",
        StunErrorCode.UnknownAttribute => "Unknown Attribute",
        StunErrorCode.StaleNonce => "Stale Nonce",
        StunErrorCode.RoleConflict => "Role Conflict",
        StunErrorCode.ServerError => "Server Error",
        _ => "Error",
    };
}
