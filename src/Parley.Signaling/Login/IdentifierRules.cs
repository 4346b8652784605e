namespace Parley.Signaling.Login;

/// <summary>The identifier rules of R2.1.</summary>
public static class IdentifierRules
{
    /// <summary>Longest identifier in bytes (R2.1 recommends at most 32).</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// True when <paramref name="identifier"/> is 1-32 ASCII letters, digits or underscores and not all digits (R2.1).
    /// Only ASCII is allowed, so characters and bytes coincide.
    /// </summary>
    public static bool IsValid(string? identifier)
    {
        if (string.IsNullOrEmpty(identifier) || identifier.Length > MaxLength)
        {
            return false;
        }
        var allDigits = true;
        foreach (var c in identifier)
        {
            if (char.IsAsciiDigit(c))
            {
                continue;
            }
            allDigits = false;
            if (!char.IsAsciiLetter(c) && c != '_')
            {
                return false;
            }
        }
        return !allDigits;
    }

    /// <summary>The case-insensitive key of a valid identifier (R2.1: <c>Alice</c> and <c>alice</c> are one user).</summary>
    public static string Key(string identifier) => identifier.ToLowerInvariant();
}
