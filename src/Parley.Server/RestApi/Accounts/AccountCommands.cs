using System.Text.Json.Nodes;
using Parley.Protocol.Roles;
using Parley.Server.Storage;
using Parley.Signaling.Login;
using Parley.Signaling.Users;

namespace Parley.Server.RestApi.Accounts;

/// <summary>
/// Accounts and online state through the vendor's REST commands: <c>im_open_login_svc/account_import</c>,
/// <c>multiaccount_import</c>, <c>account_delete</c>, <c>account_check</c>, <c>kick</c>, and <c>openim/querystate</c>
/// (also as <c>query_online_status</c>). Field names and limits as the vendor documents them.
/// </summary>
internal sealed class AccountCommands(IParleyStore store, IUserAdministration users, TimeProvider time)
{
    private const int MaxBatch = 100;
    private const int MaxStateQuery = 500;

    /// <summary><c>{UserID, Nick?, FaceUrl?}</c> (older clients send <c>Identifier</c>).</summary>
    public async Task<RestApiResult> ImportAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        var userId = request.OptionalString("UserID", "Identifier");
        if (!IdentifierRules.IsValid(userId))
        {
            return RestApiRequest.Missing("UserID"); // R2.1
        }

        await store.Users.ImportAsync(request.SdkAppId, userId!, request.OptionalString("Nick"), request.OptionalString("FaceUrl"), time.GetUtcNow(), cancellationToken);
        return RestApiResult.Ok();
    }

    /// <summary><c>{Accounts: [UserID…]}</c> (≤ 100) → <c>FailAccounts</c>: those that could not be imported.</summary>
    public async Task<RestApiResult> ImportManyAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.OptionalArray("Accounts") is not { Count: > 0 and <= MaxBatch } accounts)
        {
            return RestApiRequest.Missing($"Accounts (1 to {MaxBatch} UserIDs)");
        }

        var failed = new JsonArray();
        foreach (var account in accounts)
        {
            var userId = RestApiRequest.StringOf(account);
            if (!IdentifierRules.IsValid(userId))
            {
                failed.Add(userId ?? account?.ToJsonString());
                continue;
            }

            await store.Users.ImportAsync(request.SdkAppId, userId!, null, null, time.GetUtcNow(), cancellationToken);
        }

        return RestApiResult.Ok(new JsonObject { ["FailAccounts"] = failed });
    }

    /// <summary><c>{DeleteItem: [{UserID}…]}</c> (≤ 100) → <c>ResultItem: [{ResultCode, ResultInfo, UserID}]</c>.</summary>
    public async Task<RestApiResult> DeleteAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (!TryReadUserIds(request, "DeleteItem", MaxBatch, out var userIds))
        {
            return RestApiRequest.Missing($"DeleteItem (1 to {MaxBatch} {{\"UserID\"}} items)");
        }

        var results = new JsonArray();
        foreach (var userId in userIds)
        {
            var deleted = IdentifierRules.IsValid(userId) && await store.Users.DeleteAsync(request.SdkAppId, userId, cancellationToken);
            results.Add(Item(userId, deleted ? 0 : RestApiErrorCodes.AccountNotFound, deleted ? "" : "account not found"));
        }

        return RestApiResult.Ok(new JsonObject { ["ResultItem"] = results });
    }

    /// <summary><c>{CheckItem: [{UserID}…]}</c> (≤ 100) → <c>ResultItem: [{UserID, ResultCode, ResultInfo, AccountStatus}]</c>.</summary>
    public async Task<RestApiResult> CheckAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (!TryReadUserIds(request, "CheckItem", MaxBatch, out var userIds))
        {
            return RestApiRequest.Missing($"CheckItem (1 to {MaxBatch} {{\"UserID\"}} items)");
        }

        var knownKeys = await store.Users.FindKnownKeysAsync(request.SdkAppId, userIds, cancellationToken);
        var results = new JsonArray();
        foreach (var userId in userIds)
        {
            var known = IdentifierRules.IsValid(userId) && knownKeys.Contains(IdentifierRules.Key(userId));
            var item = Item(userId, 0, "");
            item["AccountStatus"] = known ? "Imported" : "NotImported";
            results.Add(item);
        }

        return RestApiResult.Ok(new JsonObject { ["ResultItem"] = results });
    }

    /// <summary><c>{UserID}</c>: ends the user's live session (forceOffline, reason kickedByAdmin); OK when offline too.</summary>
    public async Task<RestApiResult> KickAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        var userId = request.OptionalString("UserID", "Identifier");
        if (!IdentifierRules.IsValid(userId))
        {
            return RestApiRequest.Missing("UserID");
        }

        await users.KickOfflineAsync(request.SdkAppId, userId!, cancellationToken);
        return RestApiResult.Ok();
    }

    /// <summary>
    /// <c>{To_Account: [UserID…], IsNeedDetail?}</c> (≤ 500) → <c>QueryResult: [{To_Account, State, Detail?}]</c> for
    /// known accounts (State Online or Offline; Parley has no push channel, so never PushOnline) and
    /// <c>ErrorList: [{To_Account, ErrorCode: 70107}]</c> for accounts never imported nor logged in.
    /// </summary>
    public async Task<RestApiResult> QueryStateAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.OptionalArray("To_Account") is not { Count: > 0 and <= MaxStateQuery } accounts)
        {
            return RestApiRequest.Missing($"To_Account (1 to {MaxStateQuery} UserIDs)");
        }

        var detail = request.OptionalInteger("IsNeedDetail", 0) == 1;
        var userIds = accounts.Select(account => RestApiRequest.StringOf(account) ?? "").ToList();
        // One store query for the batch, and the user grains asked all at once (each answers from memory).
        var knownKeys = await store.Users.FindKnownKeysAsync(request.SdkAppId, [.. userIds.Where(IdentifierRules.IsValid)], cancellationToken);
        var known = userIds.Select(id => IdentifierRules.IsValid(id) && knownKeys.Contains(IdentifierRules.Key(id))).ToList();
        var platforms = await Task.WhenAll(userIds.Select((id, i) => known[i] ? users.GetOnlinePlatformAsync(request.SdkAppId, id, cancellationToken) : Task.FromResult<string?>(null)));
        var results = new JsonArray();
        var errors = new JsonArray();
        for (var i = 0; i < userIds.Count; i++)
        {
            var userId = userIds[i];
            if (!known[i])
            {
                errors.Add(new JsonObject { ["To_Account"] = userId, ["ErrorCode"] = RestApiErrorCodes.AccountNotFound });
                continue;
            }

            var platform = platforms[i];
            var result = new JsonObject { ["To_Account"] = userId, ["State"] = platform is null ? "Offline" : "Online" };
            if (detail && platform is not null)
            {
                result["Detail"] = new JsonArray(new JsonObject { ["Platform"] = VendorPlatformName(platform), ["Status"] = "Online" });
            }

            results.Add(result);
        }

        var payload = new JsonObject { ["QueryResult"] = results };
        if (errors.Count > 0)
        {
            payload["ErrorList"] = errors;
        }

        return RestApiResult.Ok(payload);
    }

    /// <summary>The vendor's spelling of a login platform (its Detail.Platform values).</summary>
    private static string VendorPlatformName(string platform) => platform switch
    {
        Platform.Ios => "iPhone",
        Platform.Android => "Android",
        Platform.Web => "Web",
        Platform.Windows => "Windows",
        Platform.Mac => "Mac",
        Platform.Linux => "Linux",
        _ => platform,
    };

    private static JsonObject Item(string userId, int code, string info) =>
        new() { ["ResultCode"] = code, ["ResultInfo"] = info, ["UserID"] = userId };

    private static bool TryReadUserIds(RestApiRequest request, string field, int max, out List<string> userIds)
    {
        userIds = [];
        if (request.OptionalArray(field) is not { Count: > 0 } items || items.Count > max)
        {
            return false;
        }

        foreach (var item in items)
        {
            if (RestApiRequest.FieldOf(item, "UserID") is not { } userId)
            {
                return false;
            }

            userIds.Add(userId);
        }

        return true;
    }
}
