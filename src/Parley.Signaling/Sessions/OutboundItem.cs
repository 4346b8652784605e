namespace Parley.Signaling.Sessions;

/// <summary>
/// One entry of a session's send queue: a message as UTF-8 bytes, a message as text (room events, shared by all
/// members), or the final close frame.
/// </summary>
internal readonly record struct OutboundItem(byte[]? Utf8, string? Text, int CloseCode, string? CloseDescription)
{
    public bool IsClose => CloseCode != 0;

    public static OutboundItem Message(byte[] utf8) => new(utf8, null, 0, null);

    public static OutboundItem Message(string text) => new(null, text, 0, null);

    public static OutboundItem Close(int code, string description) => new(null, null, code, description);
}
