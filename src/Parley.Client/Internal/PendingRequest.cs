using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Protocol.Errors;

namespace Parley.Client.Internal;

/// <summary>A request waiting for its answer, keyed by id in <see cref="JsonRpcConnection"/>'s pending map.</summary>
internal abstract class PendingRequest
{
    /// <summary>Called on the receive loop with the <c>result</c> element, valid only during the call.</summary>
    public abstract void Complete(JsonElement result);

    public abstract void Fail(Exception error);
}

/// <summary>
/// Deserializes the result on the receive loop (the element dies with its frame) and completes the caller's task
/// asynchronously, so callers' continuations never run on, or block, the receive loop.
/// </summary>
internal sealed class PendingRequest<TResult>(JsonTypeInfo<TResult> resultType, string method) : PendingRequest
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Task => _completion.Task;

    public override void Complete(JsonElement result)
    {
        try
        {
            var value = result.Deserialize(resultType);
            if (value is null)
            {
                _completion.TrySetException(new ParleyException(ErrorCodes.InvalidRequest, $"The server answered {method} with null."));
                return;
            }
            _completion.TrySetResult(value);
        }
        catch (JsonException ex)
        {
            _completion.TrySetException(new ParleyException(ErrorCodes.ParseError, $"The server's answer to {method} does not match the protocol.", ex));
        }
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
