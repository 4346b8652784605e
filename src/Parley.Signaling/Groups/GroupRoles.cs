namespace Parley.Signaling.Groups;

/// <summary>Member roles (product-rules §5), spelt as the vendor's REST API spells them.</summary>
public static class GroupRoles
{
    public const string Owner = "Owner";
    public const string Admin = "Admin";
    public const string Member = "Member";
}
