using System.Text.Json;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Errors;
using Parley.Signaling.Callbacks;
using Parley.Signaling.Groups;
using Parley.Signaling.Messages;
using BeforeSendOutcomes = Parley.Signaling.Observability.ParleyInstruments.BeforeSendOutcomes;

namespace Parley.Server.Callbacks;

/// <summary>
/// The server's before-send callback (docs/callbacks.md §4): posts <c>Group.CallbackBeforeSendMsg</c> or
/// <c>C2C.CallbackBeforeSendMsg</c> to the app's before-send URL, signed like every callback, and waits at most the
/// app's <c>timeoutMs</c>. The answer <c>{"ErrorCode":0}</c> allows the message, with <c>MsgBody</c> replacing its body
/// when given; any other <c>ErrorCode</c> rejects it (the sender gets 10016 with the answer's <c>ErrorInfo</c>). No
/// answer in time, an error status, an unreadable answer or a rewritten body that breaks product-rules §6 is a failed
/// call: the message goes as it is when the app fails open, and is refused with 90060 when it fails closed.
/// </summary>
public sealed class BeforeSendCallback(CallbackSettingsCache settings, CallbackSender sender, CallbackMetrics metrics, TimeProvider time,
    ILogger<BeforeSendCallback> logger) : IBeforeSendCallback
{
    public async ValueTask<bool> IsEnabledAsync(long sdkAppId, CancellationToken cancellationToken) =>
        (await settings.GetAsync(sdkAppId, cancellationToken))?.BeforeSendUrl is not null;

    public async Task<BeforeSendVerdict> CheckAsync(BeforeSendMessage message, CancellationToken cancellationToken)
    {
        if (await settings.GetAsync(message.SdkAppId, cancellationToken) is not { BeforeSendUrl: { } url } app)
        {
            return BeforeSendVerdict.Allow;
        }

        var body = CallbackBodies.ForBeforeSend(message, time.GetUtcNow().ToUnixTimeMilliseconds());
        var command = message.GroupId is null ? CallbackBodies.C2CBeforeSendCommand : CallbackBodies.GroupBeforeSendCommand;
        var request = new CallbackRequest(url, message.SdkAppId, app.SigningKey, body, command, OptPlatform: message.FromRestApi ? "RESTAPI" : null);
        var result = await sender.PostAsync(request, TimeSpan.FromMilliseconds(app.BeforeSendTimeoutMs), readAnswer: true, cancellationToken);
        if (!result.Succeeded)
        {
            return Failed(app, result.Error ?? "failed");
        }

        return Decide(app, message, result.Answer ?? "");
    }

    private BeforeSendVerdict Decide(Storage.CallbackSettings app, BeforeSendMessage message, string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ErrorCode", out var code) || !code.TryGetInt32(out var errorCode))
            {
                return Failed(app, "the answer has no ErrorCode");
            }

            if (errorCode != 0)
            {
                metrics.BeforeSend(BeforeSendOutcomes.Rejected);
                var info = root.TryGetProperty("ErrorInfo", out var i) && i.ValueKind == JsonValueKind.String && i.GetString() is { Length: > 0 } text
                    ? text
                    : "the app's before-send callback rejected the message";
                return BeforeSendVerdict.Refuse(GroupErrorCodes.RejectedByCallback, info);
            }

            if (!root.TryGetProperty("MsgBody", out var rewritten) || rewritten.ValueKind == JsonValueKind.Null)
            {
                metrics.BeforeSend(BeforeSendOutcomes.Allowed);
                return BeforeSendVerdict.Allow;
            }

            if (MessageBodyRules.Check(rewritten) is { } invalid)
            {
                return Failed(app, "the rewritten MsgBody is invalid: " + invalid);
            }

            var raw = rewritten.GetRawText();
            metrics.BeforeSend(raw == message.MsgBody ? BeforeSendOutcomes.Allowed : BeforeSendOutcomes.Rewritten);
            return raw == message.MsgBody ? BeforeSendVerdict.Allow : BeforeSendVerdict.Rewrite(raw);
        }
        catch (JsonException)
        {
            return Failed(app, "the answer is not JSON");
        }
    }

    private BeforeSendVerdict Failed(Storage.CallbackSettings app, string error)
    {
        if (app.BeforeSendFailOpen)
        {
            metrics.BeforeSend(BeforeSendOutcomes.FailedOpen);
            CallbackLog.BeforeSendFailed(logger, app.SdkAppId, error, "sent (fail open)");
            return BeforeSendVerdict.Allow;
        }

        metrics.BeforeSend(BeforeSendOutcomes.FailedClosed);
        CallbackLog.BeforeSendFailed(logger, app.SdkAppId, error, "refused (fail closed)");
        return BeforeSendVerdict.Refuse(ErrorCodes.BeforeSendCallbackFailed, $"The app's before-send callback failed ({error}); the message was not sent.");
    }
}
