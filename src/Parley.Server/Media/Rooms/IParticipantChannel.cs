namespace Parley.Server.Media.Rooms;

/// <summary>
/// How the media layer reaches one participant's signaling session: a server → client notification. Implemented
/// over the session's send queue; callable from any thread, never blocks.
/// </summary>
public interface IParticipantChannel
{
    void Notify(string method, ReadOnlySpan<byte> paramsJson);
}
