using System.Text.Json.Serialization;

namespace Parley.Client.Tests.EndToEnd;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CreatedApp))]
public sealed partial class EndToEndJson : JsonSerializerContext;
