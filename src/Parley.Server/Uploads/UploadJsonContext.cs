using System.Text.Json.Serialization;
using Parley.Protocol.Chat;

namespace Parley.Server.Uploads;

/// <summary>Source-generated JSON of the upload answers and metadata files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UploadedFile))]
internal sealed partial class UploadJsonContext : JsonSerializerContext;
