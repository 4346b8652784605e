namespace Parley.Protocol.Errors;

/// <summary>
/// The one catalog of error codes Parley returns: in JSON-RPC <c>error.code</c>, in REST problem bodies,
/// in <c>ParleyException.Code</c> of the C# SDK and <c>ParleyError.code</c> of the browser SDK.
/// The vendor's codes are reused where they exist (70xxx auth, -33xx room entry, 10xxx groups),
/// so apps that switch from the vendor keep their <c>switch</c> statements. Documented in docs/errors.md.
/// </summary>
public static class ErrorCodes
{
    // JSON-RPC 2.0 (https://www.jsonrpc.org/specification#error_object)
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    // userSig verification, vendor codes (product-rules §2).
    public const int UserSigExpired = 70001;
    public const int UserSigEmpty = 70002;
    public const int UserSigMalformed = 70003;
    public const int UserSigSignatureMismatch = 70009;
    public const int UserSigIdentifierMismatch = 70013;
    public const int UserSigSdkAppIdMismatch = 70014;
    public const int AppHasNoKey = 70016;
    public const int SdkAppIdNotFound = 70020;

    // Room entry, vendor codes (TRTC ERR_* values).
    public const int RoomEnterFailed = -3301;
    public const int RoomIdInvalid = -3318;
    public const int IdentifierInvalid = -3319;
    /// <summary>The PrivateMapKey is missing (the app requires one), invalid, expired, for another user/app/room, or lacks the enter/create bit (docs/protocol.md §12).</summary>
    public const int PrivilegeCheckFailed = -100006;

    // Parley's own codes: 90xxx, for situations the vendor signals only in its SDK state machine.
    public const int NotLoggedIn = 90001;
    public const int AlreadyInRoom = 90002;
    public const int NotInRoom = 90003;
    public const int RoleNotFound = 90004;
    public const int AlreadyLoggedIn = 90005;
    public const int RateLimited = 90006;
    public const int PayloadTooLarge = 90007;
    public const int ServerShuttingDown = 90008;
    public const int RoomDissolveForbidden = 90009;
    public const int PlatformInvalid = 90010;
    public const int Timeout = 90011;
    /// <summary>SDK-side: the connection closed before the server answered (the request may or may not have run).</summary>
    public const int ConnectionClosed = 90012;

    // Media and room extras (docs/protocol.md §10-13).
    public const int SdpInvalid = 90020;
    public const int ProducerNotFound = 90021;
    public const int SourceAlreadyPublished = 90022;
    public const int NoPrivilege = 90023;
    public const int RoomMessageTooLarge = 90024;
    public const int NegotiationStale = 90025;
    public const int ResumeFailed = 90026;
    /// <summary>The call was for transports that ended when the room's media moved to another node (after <c>mediaReset</c>).</summary>
    public const int MediaReset = 90027;
    /// <summary>The node holding the room's media did not answer (it is dying or the cluster is reorganizing); try again.</summary>
    public const int MediaNodeUnavailable = 90028;

    // Room administration (admin API: dismiss, remove users, mute; issue 12).
    /// <summary>An operator muted this source of the member (admin API); only an operator can unmute it.</summary>
    public const int TrackMutedByAdmin = 90030;

    // Admin API (REST).
    public const int AdminUnauthorized = 91001;
    public const int AppNotFound = 91002;
    public const int RoomNotFound = 91003;
    public const int ValidationFailed = 91004;
    public const int Conflict = 91005;
    public const int RequestTooLarge = 91006;
    public const int TooManyRequests = 91007;

    /// <summary>The catalog's default English message for a code, or a generic one for an unknown code.</summary>
    public static string Describe(int code) => code switch
    {
        ParseError => "The frame is not valid JSON.",
        InvalidRequest => "The frame is not a valid JSON-RPC 2.0 request.",
        MethodNotFound => "No such method.",
        InvalidParams => "The params are missing or of the wrong type.",
        InternalError => "Internal server error.",
        UserSigExpired => "The userSig has expired.",
        UserSigEmpty => "The userSig is empty.",
        UserSigMalformed => "The userSig could not be decoded.",
        UserSigSignatureMismatch => "The userSig signature does not verify with the app's key.",
        UserSigIdentifierMismatch => "The identifier in the userSig differs from the identifier used.",
        UserSigSdkAppIdMismatch => "The sdkAppId in the userSig differs from the sdkAppId used.",
        AppHasNoKey => "The app has no key of the kind this userSig needs.",
        SdkAppIdNotFound => "No app has this sdkAppId.",
        RoomEnterFailed => "Entering the room failed.",
        RoomIdInvalid => "Room ids are integers from 1 to 10,000,000.",
        IdentifierInvalid => "Identifiers are 1-32 bytes of letters, digits and underscore, and not all digits.",
        PrivilegeCheckFailed => "The PrivateMapKey check failed: missing, invalid, expired, or not granting entry to this room.",
        NotLoggedIn => "Log in first.",
        AlreadyInRoom => "Already in a room: exit it first or call switchRoom.",
        NotInRoom => "Not in a room.",
        RoleNotFound => "No role of this name is configured for this platform.",
        AlreadyLoggedIn => "This connection is already logged in.",
        RateLimited => "Too many requests.",
        PayloadTooLarge => "The frame is larger than the limit.",
        ServerShuttingDown => "The server is shutting down.",
        RoomDissolveForbidden => "Rooms cannot be dissolved by clients; they dissolve 30 s after the last member leaves.",
        PlatformInvalid => "Platform must be one of web, android, ios, windows, mac, linux.",
        Timeout => "The operation timed out.",
        ConnectionClosed => "The connection to the server closed before the answer arrived.",
        SdpInvalid => "The SDP cannot be parsed or answered.",
        ProducerNotFound => "No such producer (or no consumer of it).",
        SourceAlreadyPublished => "This source is already published.",
        NoPrivilege => "The PrivateMapKey does not grant this action in this room.",
        RoomMessageTooLarge => "Room messages carry at most 1,024 bytes of UTF-8 data.",
        NegotiationStale => "The answer is not for the outstanding offer.",
        ResumeFailed => "The session cannot be resumed (unknown session, wrong token or window passed): log in afresh.",
        MediaReset => "The room's media moved to another node: publish again on a new connection.",
        MediaNodeUnavailable => "The node holding this room's media did not answer; try again shortly.",
        TrackMutedByAdmin => "An operator muted this track; only an operator can unmute it.",
        AdminUnauthorized => "A valid admin token is required.",
        AppNotFound => "No app has this sdkAppId.",
        RoomNotFound => "No such room.",
        ValidationFailed => "The request body is invalid.",
        Conflict => "The change conflicts with existing data (for example an accountType already in use).",
        RequestTooLarge => "The request body is larger than this endpoint accepts.",
        TooManyRequests => "Too many requests from this address; try again later.",
        _ => "Error " + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".",
    };
}
