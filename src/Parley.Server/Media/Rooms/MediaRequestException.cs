namespace Parley.Server.Media.Rooms;

/// <summary>
/// A media request that cannot be carried out, with the catalog code the client receives (docs/errors.md): the
/// signaling layer turns it into a JSON-RPC error. Nothing has changed when it is thrown.
/// </summary>
public sealed class MediaRequestException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
