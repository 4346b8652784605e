using System.Text.Json.Serialization;

namespace Parley.Load.Common;

/// <summary>Source-generated JSON for the load tool's own HTTP calls and report.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DevUserSigResponse))]
[JsonSerializable(typeof(Signaling.SignalingReport))]
[JsonSerializable(typeof(List<Group.GroupReport>))]
public sealed partial class LoadJsonContext : JsonSerializerContext;
