namespace Parley.Client.Media.Rooms;

/// <summary>The <see cref="MediaResetEventArgs.Reason"/> values.</summary>
public static class MediaResetReasons
{
    /// <summary>The node holding the room's media died (server, <c>mediaReset</c>).</summary>
    public const string MediaNodeLost = "mediaNodeLost";

    /// <summary>The node holding the room's media shut down (server, <c>mediaReset</c>).</summary>
    public const string MediaNodeLeaving = "mediaNodeLeaving";

    /// <summary>The client reconnected as a new session and re-joined the room (SDK; the old transports died with the old session).</summary>
    public const string Rejoined = "rejoined";
}
