using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Parley.Server.RestApi.Groups;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Callbacks;
using Parley.Signaling.Grains;
using Parley.Signaling.Login;
using Parley.Signaling.Messages;

namespace Parley.Server.RestApi.Messages;

/// <summary>
/// One-to-one messages through the vendor's <c>openim</c> commands (product-rules §6, §7): <c>sendmsg</c>,
/// <c>admin_getroammsg</c> (history between two users) and <c>admin_msgwithdraw</c> (recall). The receiver's user grain
/// stores (before the answer), suppresses repeats and delivers. <c>sendmsg</c> asks the app's before-send callback first,
/// as a client's send does, unless its <c>ForbidCallbackControl</c> holds <c>ForbidBeforeSendMsgCallback</c>.
/// </summary>
internal sealed class C2CCommands(IGrainFactory grains, IMessageStore messages, IOptions<RestApiOptions> options, TimeProvider time,
    IBeforeSendCallback beforeSend)
{
    private const int MaxRoamPage = 100;

    /// <summary>
    /// <c>{SyncOtherMachine?: 1|2, From_Account?, To_Account, MsgRandom, MsgBody}</c> → <c>{MsgTime, MsgKey}</c>. Without
    /// From_Account the app admin sends; SyncOtherMachine 1 (the default) also hands the message to the sender's own session.
    /// </summary>
    public async Task<RestApiResult> SendAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        var to = request.OptionalString("To_Account");
        if (!IdentifierRules.IsValid(to))
        {
            return RestApiRequest.Missing("To_Account");
        }

        var from = request.OptionalString("From_Account") ?? options.Value.AdminIdentifier;
        if (!IdentifierRules.IsValid(from))
        {
            return RestApiRequest.Missing("From_Account");
        }

        var random = request.OptionalInteger("MsgRandom", -1);
        if (random is < 0 or > uint.MaxValue)
        {
            return RestApiRequest.Missing("MsgRandom (a 32-bit unsigned integer)");
        }

        if (GroupMessageCommands.MessageBodyOf(request, out var body) is { } bodyError)
        {
            return bodyError;
        }

        if (!request.ForbidsCallback("ForbidBeforeSendMsgCallback") && await beforeSend.IsEnabledAsync(request.SdkAppId, cancellationToken))
        {
            var verdict = await beforeSend.CheckAsync(new BeforeSendMessage(request.SdkAppId, from, (uint)random, body, To: to, FromRestApi: true),
                cancellationToken);
            if (!verdict.Allowed)
            {
                return RestApiResult.Fail(verdict.ErrorCode, verdict.ErrorInfo);
            }

            body = verdict.MsgBody ?? body;
        }

        var copyToSender = request.OptionalInteger("SyncOtherMachine", 1) == 1;
        var outcome = await User(request, to!).ReceiveC2C(from, to!, (uint)random, body, time.GetUtcNow().ToUnixTimeMilliseconds(), copyToSender)
            .WaitAsync(cancellationToken);
        if (outcome.ErrorCode != 0)
        {
            return RestApiResult.Fail(outcome.ErrorCode, outcome.ErrorInfo);
        }

        return RestApiResult.Ok(new JsonObject { ["MsgTime"] = outcome.MsgTime, ["MsgKey"] = MsgKey(outcome.MsgSeq, (uint)random, outcome.MsgTime) });
    }

    /// <summary>
    /// <c>{Operator_Account, Peer_Account, MaxCnt (1–100), MinTime, MaxTime, LastMsgKey?}</c> → <c>{Complete, MsgCnt, LastMsgTime,
    /// LastMsgKey, MsgList: [{From_Account, To_Account, MsgSeq, MsgRandom, MsgTimeStamp, MsgFlagBits, MsgKey, MsgBody}]}</c>: the
    /// messages between the two in [MinTime, MaxTime], newest first; the next page starts below <c>LastMsgKey</c>.
    /// </summary>
    public async Task<RestApiResult> GetRoamAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        var user = request.OptionalString("Operator_Account");
        var peer = request.OptionalString("Peer_Account");
        if (!IdentifierRules.IsValid(user) || !IdentifierRules.IsValid(peer))
        {
            return RestApiRequest.Missing(IdentifierRules.IsValid(user) ? "Peer_Account" : "Operator_Account");
        }

        var max = request.OptionalInteger("MaxCnt", 0);
        if (max is < 1 or > MaxRoamPage)
        {
            return RestApiRequest.Missing($"MaxCnt (1 to {MaxRoamPage})");
        }

        var minTime = request.OptionalInteger("MinTime", 0);
        var maxTime = request.OptionalInteger("MaxTime", long.MaxValue);
        var before = long.MaxValue;
        if (request.OptionalString("LastMsgKey") is { Length: > 0 } lastKey)
        {
            if (!TryParseMsgKey(lastKey, out before))
            {
                return RestApiRequest.Missing("LastMsgKey");
            }
        }

        var page = await messages.ListC2CBetweenAsync(request.SdkAppId, IdentifierRules.Key(user!), IdentifierRules.Key(peer!), before, minTime, maxTime,
            (int)max + 1, cancellationToken);
        var list = new JsonArray();
        foreach (var m in page.Take((int)max))
        {
            list.Add(new JsonObject
            {
                ["From_Account"] = m.From,
                ["To_Account"] = m.To,
                ["MsgSeq"] = m.Id,
                ["MsgRandom"] = m.MsgRandom,
                ["MsgTimeStamp"] = m.MsgTime,
                ["MsgFlagBits"] = m.Recalled ? 1 : 0,
                ["MsgKey"] = MsgKey(m.Id, m.MsgRandom, m.MsgTime),
                ["MsgBody"] = m.Recalled ? new JsonArray() : JsonNode.Parse(m.MsgBody),
            });
        }

        var last = page.Take((int)max).LastOrDefault();
        return RestApiResult.Ok(new JsonObject
        {
            ["Complete"] = page.Count > max ? 0 : 1,
            ["MsgCnt"] = list.Count,
            ["LastMsgTime"] = last?.MsgTime ?? 0,
            ["LastMsgKey"] = last is null ? "" : MsgKey(last.Id, last.MsgRandom, last.MsgTime),
            ["MsgList"] = list,
        });
    }

    /// <summary><c>{From_Account, To_Account, MsgKey}</c>: recalls the message (the app's backend may at any time).</summary>
    public async Task<RestApiResult> WithdrawAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        var to = request.OptionalString("To_Account");
        if (!IdentifierRules.IsValid(to) || !IdentifierRules.IsValid(request.OptionalString("From_Account")))
        {
            return RestApiRequest.Missing("From_Account/To_Account");
        }

        if (request.OptionalString("MsgKey") is not { } key || !TryParseMsgKey(key, out var id))
        {
            return RestApiRequest.Missing("MsgKey");
        }

        var code = await User(request, to!).RecallC2C(null, id, time.GetUtcNow().ToUnixTimeMilliseconds()).WaitAsync(cancellationToken);
        return code == 0 ? RestApiResult.Ok() : RestApiResult.Fail(code, "no such message from From_Account to To_Account");
    }

    /// <summary>The vendor's message key shape, <c>{seq}_{random}_{time}</c>; Parley's seq is the message id.</summary>
    private static string MsgKey(long id, uint random, long time) =>
        string.Create(CultureInfo.InvariantCulture, $"{id}_{random}_{time}");

    private static bool TryParseMsgKey(string key, out long id)
    {
        var underscore = key.IndexOf('_', StringComparison.Ordinal);
        return long.TryParse(underscore < 0 ? key : key[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    private IUserGrain User(RestApiRequest request, string identifier) => grains.GetGrain<IUserGrain>(GrainKeys.User(request.SdkAppId, IdentifierRules.Key(identifier)));
}
