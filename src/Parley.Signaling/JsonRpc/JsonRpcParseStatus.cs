namespace Parley.Signaling.JsonRpc;

/// <summary>What <see cref="JsonRpcRequestReader.TryRead"/> made of one incoming message.</summary>
internal enum JsonRpcParseStatus
{
    /// <summary>A request with an id: execute and answer.</summary>
    Request,
    /// <summary>A well-formed message without id: not executed, not answered.</summary>
    Notification,
    /// <summary>Not JSON (-32700).</summary>
    ParseError,
    /// <summary>JSON, but not a JSON-RPC 2.0 request object (-32600).</summary>
    InvalidRequest,
}
