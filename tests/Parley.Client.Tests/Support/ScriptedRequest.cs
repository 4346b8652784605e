using System.Text.Json;

namespace Parley.Client.Tests.Support;

/// <summary>A request the scripted server received. <see cref="Params"/> is a detached copy, valid forever.</summary>
public sealed record ScriptedRequest(long Id, string Method, JsonElement Params)
{
    public string? GetString(string name) =>
        Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public long? GetInt64(string name) =>
        Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : null;
}
