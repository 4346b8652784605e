using System.Text.Json.Serialization;

namespace Parley.Signaling.Groups;

/// <summary>Source-generated JSON for what groups store as JSON text (app-defined fields).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class GroupJsonContext : JsonSerializerContext;
