using System.Text.Json.Serialization;

namespace Parley.Server.Media.Recording;

/// <summary>Source-generated JSON of <c>recording.json</c> (camelCase like the admin API).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RecordingInfo))]
internal sealed partial class RecordingJsonContext : JsonSerializerContext;
