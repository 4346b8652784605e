namespace Parley.Rtp.Tests;

internal static class Hex
{
    /// <summary>Hex with spaces and line breaks to bytes.</summary>
    public static byte[] Parse(string text) =>
        Convert.FromHexString(string.Concat(text.Where(Uri.IsHexDigit)));
}
