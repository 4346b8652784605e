namespace Parley.Sdp;

/// <summary>Text form of <see cref="SetupRole"/> and the answerer's choice.</summary>
public static class SetupRoles
{
    public static string ToSdp(this SetupRole role) => role switch
    {
        SetupRole.ActPass => "actpass",
        SetupRole.Active => "active",
        SetupRole.Passive => "passive",
        SetupRole.HoldConn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown setup role."),
    };

    public static bool TryParse(string? text, out SetupRole role)
    {
        switch (text)
        {
            case "actpass":
                role = SetupRole.ActPass;
                return true;
            case "active":
                role = SetupRole.Active;
                return true;
            case "passive":
                role = SetupRole.Passive;
                return true;
            case "holdconn":
                role = SetupRole.HoldConn;
                return true;
            default:
                role = default;
                return false;
        }
    }

    /// <summary>
    /// The role an answerer takes for an offered role (RFC 5763 §5): the opposite of active/passive; for actpass,
    /// <paramref name="preferredWhenActPass"/> (a server behind ICE-lite prefers passive so the browser dials it).
    /// </summary>
    public static SetupRole Answer(SetupRole offered, SetupRole preferredWhenActPass = SetupRole.Passive) => offered switch
    {
        SetupRole.Active => SetupRole.Passive,
        SetupRole.Passive => SetupRole.Active,
        SetupRole.HoldConn => SetupRole.HoldConn,
        _ => preferredWhenActPass is SetupRole.Active ? SetupRole.Active : SetupRole.Passive,
    };
}
