namespace Parley.Server.Media.Rooms;

/// <summary>
/// How the media layer reaches one participant's signaling session: a complete JSON-RPC notification (formatted with
/// <c>MediaSessionContext.FormatNotification</c>). Implemented over the session's send queue; callable from any thread,
/// never blocks.
/// </summary>
public interface IParticipantChannel
{
    void Send(string notificationJson);
}
