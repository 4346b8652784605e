using System.Text.Json;

namespace Parley.Signaling.JsonRpc;

/// <summary>
/// One parsed request. <see cref="RawId"/> is the id's JSON text (a number or a quoted string) so it is echoed
/// byte-for-byte; <see cref="Params"/> borrows from the <see cref="JsonDocument"/> the reader returned and is valid
/// only until that document is disposed.
/// </summary>
internal readonly record struct JsonRpcRequest(string? RawId, string? Method, JsonElement Params, bool HasParams);
