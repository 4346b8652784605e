namespace Parley.Stun;

/// <summary>
/// The checks an ICE agent (full or lite) runs on an incoming Binding request before answering it
/// (RFC 8445 §7.3, RFC 8489 §9.1.3 short-term credentials). Allocation-free.
/// </summary>
public static class IceBindingRequestValidator
{
    /// <summary>
    /// Validates <paramref name="request"/> against our ufrag and password (the UTF-8 bytes of the
    /// ice-ufrag / ice-pwd we put in our SDP). On <see cref="IceBindingRequestStatus.Valid"/>,
    /// <paramref name="remoteUfrag"/> is the sender's ufrag (the part of USERNAME after the colon).
    /// </summary>
    public static IceBindingRequestStatus Validate(
        in StunMessage request,
        ReadOnlySpan<byte> localUfrag,
        ReadOnlySpan<byte> localPassword,
        out ReadOnlySpan<byte> remoteUfrag) =>
        ValidateCore(request, localUfrag, null, localPassword, out remoteUfrag);

    /// <summary>As the other overload, with our password prepared once as a <see cref="StunMessageIntegrityKey"/> (faster).</summary>
    public static IceBindingRequestStatus Validate(
        in StunMessage request,
        ReadOnlySpan<byte> localUfrag,
        StunMessageIntegrityKey localPassword,
        out ReadOnlySpan<byte> remoteUfrag)
    {
        ArgumentNullException.ThrowIfNull(localPassword);
        return ValidateCore(request, localUfrag, localPassword, default, out remoteUfrag);
    }

    private static IceBindingRequestStatus ValidateCore(
        in StunMessage request,
        ReadOnlySpan<byte> localUfrag,
        StunMessageIntegrityKey? preparedPassword,
        ReadOnlySpan<byte> rawPassword,
        out ReadOnlySpan<byte> remoteUfrag)
    {
        remoteUfrag = default;
        if (!request.IsBindingRequest)
        {
            return IceBindingRequestStatus.NotBindingRequest;
        }

        if (!request.VerifyFingerprint())
        {
            return IceBindingRequestStatus.Discard;
        }

        if (!request.HasMessageIntegrity || !request.TryGetUsername(out var username))
        {
            return IceBindingRequestStatus.BadRequest;
        }

        // RFC 8445 §7.2.2: USERNAME is "<receiver's ufrag>:<sender's ufrag>".
        var colon = username.IndexOf((byte)':');
        if (colon < 0 || !username[..colon].SequenceEqual(localUfrag) || !(preparedPassword is null ? request.VerifyMessageIntegrity(rawPassword) : request.VerifyMessageIntegrity(preparedPassword)))
        {
            return IceBindingRequestStatus.Unauthorized;
        }

        if (request.TryGetUnknownComprehensionRequired(out _))
        {
            return IceBindingRequestStatus.UnknownAttribute;
        }

        var controlling = request.TryGetIceControlling(out _);
        var controlled = request.TryGetIceControlled(out _);
        if (!request.TryGetPriority(out _) || controlling == controlled)
        {
            return IceBindingRequestStatus.BadRequest;
        }

        remoteUfrag = username[(colon + 1)..];
        return IceBindingRequestStatus.Valid;
    }

    // https://www.rfc-editor.org/rfc/rfc8445#section-7.3.1.1
    /// <summary>Resolves a role conflict by comparing 64-bit tie-breakers.</summary>
    public static IceRoleConflictOutcome CheckRoleConflict(in StunMessage request, IceRole localRole, ulong localTieBreaker)
    {
        if (localRole == IceRole.Controlling && request.TryGetIceControlling(out var remoteControlling))
        {
            return localTieBreaker >= remoteControlling
                ? IceRoleConflictOutcome.RespondRoleConflict
                : IceRoleConflictOutcome.SwitchLocalRole;
        }

        if (localRole == IceRole.Controlled && request.TryGetIceControlled(out var remoteControlled))
        {
            return localTieBreaker >= remoteControlled
                ? IceRoleConflictOutcome.SwitchLocalRole
                : IceRoleConflictOutcome.RespondRoleConflict;
        }

        return IceRoleConflictOutcome.None;
    }
}
