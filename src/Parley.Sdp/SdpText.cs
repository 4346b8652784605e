using System.Globalization;

namespace Parley.Sdp;

/// <summary>Small lexical helpers shared by the SDP parsers; none of them throws on any input.</summary>
internal static class SdpText
{
    /// <summary>RFC 8866 §9 "token": visible ASCII except the separators listed there.</summary>
    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsTokenChar(char c) =>
        c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '{' or '|' or '}' or '~'
        || char.IsAsciiLetterOrDigit(c);

    public static bool ContainsLineBreak(string value) => value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    /// <summary>True when <paramref name="text"/> has no whitespace or line breaks, so it can be one SDP field.</summary>
    public static bool IsField(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n' or '\0')
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParseInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseUInt(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseULong(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>An RTP payload type: 0..127 (RFC 3550 §5.1, 7 bits).</summary>
    public static bool TryParsePayloadType(ReadOnlySpan<char> text, out int payloadType) =>
        TryParseInt(text, out payloadType) && payloadType <= 127;

    public static bool TryParsePort(ReadOnlySpan<char> text, out int port) =>
        TryParseInt(text, out port) && port <= 65535;

    /// <summary>Splits on single spaces, dropping empty pieces so doubled spaces from sloppy peers are tolerated.</summary>
    public static string[] SplitFields(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(uint value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
