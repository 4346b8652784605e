namespace Parley.Stun.Tests;

internal static class Hex
{
    /// <summary>Hex as RFCs print it (spaces and line breaks allowed) to bytes.</summary>
    public static byte[] Parse(string text) =>
        Convert.FromHexString(string.Concat(text.Where(Uri.IsHexDigit)));
}
