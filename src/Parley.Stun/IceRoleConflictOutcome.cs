namespace Parley.Stun;

/// <summary>What RFC 8445 §7.3.1.1 says to do when a request's role attribute collides with ours.</summary>
public enum IceRoleConflictOutcome
{
    /// <summary>No conflict: roles are complementary (or the request names no role).</summary>
    None,

    /// <summary>We lose the tie-break: switch our role, then process the request normally.</summary>
    SwitchLocalRole,

    /// <summary>We win the tie-break: answer 487 Role Conflict and keep our role.</summary>
    RespondRoleConflict,
}
