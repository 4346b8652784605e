using Parley.Protocol.Errors;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Limits;

namespace Parley.Signaling.Sessions;

/// <summary>
/// The node-wide abuse limits of docs/limits.md as a session meets them: logins, joins and messages per client address
/// and per app. A refused request is answered with the limit's code and <c>error.data {limit, retryAfterMs}</c> and not run.
/// </summary>
internal sealed partial class SignalingSession
{
    /// <summary>The per-address limit, then the per-app one; answers the refusal when either refuses.</summary>
    private bool PassesLimits(string rawId, AbuseLimit perAddress, AbuseLimit perApp, long sdkAppId)
    {
        if (_services.Limits.TryAcquire(perAddress, perApp, _clientAddress, sdkAppId, out var refusal))
        {
            return true;
        }

        ReplyLimited(rawId, refusal);
        return false;
    }

    private bool PassesAddressLimit(string rawId, AbuseLimit perAddress)
    {
        if (_services.Limits.TryAcquire(perAddress, _clientAddress, out var refusal))
        {
            return true;
        }

        ReplyLimited(rawId, refusal);
        return false;
    }

    private bool PassesAppLimit(string rawId, AbuseLimit perApp, long sdkAppId)
    {
        if (_services.Limits.TryAcquire(perApp, sdkAppId, out var refusal))
        {
            return true;
        }

        ReplyLimited(rawId, refusal);
        return false;
    }

    private void ReplyLimited(string rawId, LimitRefusal refusal) =>
        Enqueue(OutboundItem.Message(JsonRpcWriter.LimitError(rawId, refusal.Code, ErrorCodes.Describe(refusal.Code), refusal.Name, refusal.RetryAfterMs)));
}
