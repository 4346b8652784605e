using Parley.Protocol.Errors;

namespace Parley.Client.Internal;

/// <summary>
/// Which failures of publishing the tracks again retrying cannot cure (docs/errors.md). The browser SDK's list
/// (web/sdk/republish.js <c>PermanentRepublishCodes</c>) is the same. Everything else — the request timing out, the
/// connection lost, 90028 MediaNodeUnavailable while the cluster places the room's media, a server fault or limit, a
/// failure that is not a Parley error at all — may pass, so it is retried.
/// </summary>
internal static class RepublishErrors
{
    private static readonly HashSet<int> PermanentCodes =
    [
        ErrorCodes.ParseError, ErrorCodes.InvalidRequest, ErrorCodes.MethodNotFound, ErrorCodes.InvalidParams, // the request itself
        ErrorCodes.NotLoggedIn, ErrorCodes.NotInRoom, // the stay (or the session) ended
        ErrorCodes.PayloadTooLarge, ErrorCodes.SdpInvalid, ErrorCodes.SourceAlreadyPublished, // the same offer is refused again
        ErrorCodes.NoPrivilege, ErrorCodes.PrivilegeCheckFailed, // the key or role in force no longer allows publishing
        ErrorCodes.TrackMutedByAdmin, // an operator locked the source
    ];

    /// <summary>True when <paramref name="error"/> is a refusal that the same request would meet again.</summary>
    public static bool IsPermanent(Exception error) => error is ParleyException parley && PermanentCodes.Contains(parley.Code);
}
