using Dapper;
using Parley.Signaling.Groups;

namespace Parley.Server.Storage.Sql;

// Profile and member updates, recalls, read cursors, sync pages, join requests and the reclaim query.
internal sealed partial class SqlGroupStore
{
    public async Task UpdateAsync(GroupRecord group, IReadOnlyList<GroupMemberRecord> changedMembers, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE groups SET name = @Name, introduction = @Introduction, notification = @Notification, face_url = @FaceUrl, owner = @Owner,
                   max_member_count = @MaxMemberCount, apply_join_option = @ApplyJoinOption, shut_up_all = @ShutUpAll,
                   app_defined_data = @AppDefinedData, last_active_at = @LastActiveAt
            WHERE sdk_app_id = @SdkAppId AND group_id = @GroupId
            """, GroupParameters(group), transaction, cancellationToken: cancellationToken));
        foreach (var member in changedMembers)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE group_members SET role = @role, shut_up_until = @shutUpUntil, name_card = @nameCard
                WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND identifier_key = @key
                """, new
            {
                role = member.Role,
                shutUpUntil = member.ShutUpUntil,
                nameCard = member.NameCard,
                sdkAppId = group.SdkAppId,
                groupId = group.GroupId,
                key = UserKeys.KeyOf(member.Identifier),
            },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RecallMessagesAsync(long sdkAppId, string groupId, IReadOnlyList<long> msgSeqs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE group_messages SET recalled = 1, msg_body = '' WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND " + database.InList("msg_seq", "msgSeqs"),
            new { sdkAppId, groupId, msgSeqs = msgSeqs.ToArray() }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<GroupMessageRecord>> ListMessagesAfterAsync(long sdkAppId, string groupId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>(new CommandDefinition($"""
            SELECT {MessageColumns} FROM group_messages
            WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND msg_seq > @afterSeq ORDER BY msg_seq LIMIT @limit
            """, new { sdkAppId, groupId, afterSeq, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<GroupMessageRecord>> ListMessagesSinceAsync(long sdkAppId, string groupId, long sinceTime, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>(new CommandDefinition($"""
            SELECT {MessageColumns} FROM group_messages
            WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND msg_time >= @sinceTime ORDER BY msg_seq
            """, new { sdkAppId, groupId, sinceTime }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<long> CountUnreadAsync(long sdkAppId, string groupId, string identifierKey, long afterSeq, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT COUNT(*) FROM group_messages
            WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND msg_seq > @afterSeq AND recalled = 0 AND msg_body NOT LIKE @tip
              AND LOWER(from_account) <> @identifierKey
            """, new { sdkAppId, groupId, afterSeq, identifierKey, tip = Parley.Signaling.Messages.MessageBodyRules.TipBodyPrefix + "%" }, cancellationToken: cancellationToken));
    }

    public async Task SetReadSeqAsync(long sdkAppId, string groupId, string identifierKey, long readSeq, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE group_members SET read_seq = CASE WHEN @readSeq > read_seq THEN @readSeq ELSE read_seq END WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND identifier_key = @identifierKey
            """, new { sdkAppId, groupId, identifierKey, readSeq }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<(string GroupId, long ReadSeq)>> ListMembershipsAsync(long sdkAppId, string identifierKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, long)>(new CommandDefinition(
            "SELECT group_id, read_seq FROM group_members WHERE sdk_app_id = @sdkAppId AND identifier_key = @identifierKey ORDER BY group_id",
            new { sdkAppId, identifierKey }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<(string Applicant, string? Message, long Time)>> ListJoinRequestsAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string?, long)>(new CommandDefinition(
            "SELECT applicant, message, requested_at FROM group_join_requests WHERE sdk_app_id = @sdkAppId AND group_id = @groupId ORDER BY requested_at",
            new { sdkAppId, groupId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task AddJoinRequestAsync(long sdkAppId, string groupId, string applicant, string? message, long time, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO group_join_requests (sdk_app_id, group_id, applicant_key, applicant, message, requested_at)
            VALUES (@sdkAppId, @groupId, @key, @applicant, @message, @time) ON CONFLICT DO NOTHING
            """, new { sdkAppId, groupId, key = UserKeys.KeyOf(applicant), applicant, message, time }, cancellationToken: cancellationToken));
    }

    public async Task RemoveJoinRequestAsync(long sdkAppId, string groupId, string applicantKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM group_join_requests WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND applicant_key = @applicantKey",
            new { sdkAppId, groupId, applicantKey }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<(long SdkAppId, string GroupId)>> ListIdlePrivateGroupsAsync(long cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, string)>(new CommandDefinition("""
            SELECT g.sdk_app_id, g.group_id FROM groups g
            WHERE g.type = 'Private' AND g.last_active_at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM group_messages m WHERE m.sdk_app_id = g.sdk_app_id AND m.group_id = g.group_id AND m.msg_time >= @cutoff)
            LIMIT @limit
            """, new { cutoff, limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<(IReadOnlyList<string> GroupIds, int Total)> ListAppGroupsAsync(long sdkAppId, GroupType? type, int offset, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { sdkAppId, type = type?.ToString(), offset, limit };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM groups WHERE sdk_app_id = @sdkAppId AND (@type IS NULL OR type = @type)", args, cancellationToken: cancellationToken));
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT group_id FROM groups WHERE sdk_app_id = @sdkAppId AND (@type IS NULL OR type = @type) ORDER BY group_id LIMIT @limit OFFSET @offset",
            args, cancellationToken: cancellationToken));
        return (ids.ToList(), total);
    }
}
