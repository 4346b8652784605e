using System.Text.Json.Serialization;

namespace Parley.Server.Uploads;

/// <summary>Source-generated JSON of the upload answers and metadata files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredFile))]
internal sealed partial class UploadJsonContext : JsonSerializerContext;
