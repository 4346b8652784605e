using System.Security.Cryptography;

namespace Parley.Signaling.Groups;

/// <summary>
/// Group ids: custom ones are printable ASCII of at most 48 bytes that do not start with the prefix of generated
/// ones (product-rules §5; 10015 otherwise); generated ones are <c>@TGS#</c> + 10 random letters and digits.
/// </summary>
public static class GroupIds
{
    public const int MaxLength = 48;
    public const string GeneratedPrefix = "@TGS#";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static bool IsValidCustom(string? groupId) =>
        !string.IsNullOrEmpty(groupId) && groupId.Length <= MaxLength && groupId.All(c => c is > ' ' and <= '~')
        && !groupId.StartsWith(GeneratedPrefix, StringComparison.Ordinal);

    /// <summary>Any id a group may have (custom or generated): what lookups accept.</summary>
    public static bool IsWellFormed(string? groupId) =>
        !string.IsNullOrEmpty(groupId) && groupId.Length <= MaxLength && groupId.All(c => c is > ' ' and <= '~');

    public static string Generate() => GeneratedPrefix + RandomNumberGenerator.GetString(Alphabet, 10);
}
