namespace Parley.Stun;

/// <summary>ERROR-CODE values an ICE agent sends or receives (RFC 8489 §14.8, RFC 8445 §7.3.1.1).</summary>
public static class StunErrorCode
{
    public const int TryAlternate = 300;
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int UnknownAttribute = 420;
    public const int StaleNonce = 438;
    public const int RoleConflict = 487;
    public const int ServerError = 500;
}
