using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Protocol.Json;

namespace Parley.Signaling.JsonRpc;

/// <summary>
/// Binds request params to the protocol DTOs. Uses the protocol's source-generated metadata with two strictness
/// switches on, so a missing constructor argument or a <c>null</c> for a non-nullable property is InvalidParams
/// rather than a silently defaulted value.
/// </summary>
internal static class ParamsReader
{
    private static readonly JsonSerializerOptions StrictOptions = new(ProtocolJsonContext.Default.Options)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Metadata for <typeparamref name="T"/> under the strict options.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)StrictOptions.GetTypeInfo(typeof(T));

    /// <summary>
    /// Reads params into <typeparamref name="T"/>; false when params are absent, not an object, or do not bind.
    /// Never throws on wire input.
    /// </summary>
    public static bool TryRead<T>(in JsonRpcRequest request, JsonTypeInfo<T> typeInfo, out T? value)
        where T : class
    {
        value = null;
        if (!request.HasParams || request.Params.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        try
        {
            value = request.Params.Deserialize(typeInfo);
            return value is not null;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
