using System.Diagnostics.CodeAnalysis;
using Dapper;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Groups;

namespace Parley.Server.Storage.Sql;

internal sealed partial class SqlGroupStore(SqlDialect database, SqlCommitBatcher messageWrites) : IGroupStore
{
    private const string MessageColumns =
        "msg_seq AS MsgSeq, msg_random AS MsgRandom, msg_time AS MsgTime, from_account AS FromAccount, priority AS Priority, msg_body AS MsgBody, recalled AS Recalled";

    private const string InsertMember = """
        INSERT INTO group_members (sdk_app_id, group_id, identifier_key, identifier, role, joined_at, shut_up_until, name_card)
        VALUES (@sdkAppId, @groupId, @key, @identifier, @role, @joinedAt, @shutUpUntil, @nameCard)
        ON CONFLICT DO NOTHING
        """;

    public async Task<bool> CreateAsync(GroupRecord group, IReadOnlyList<GroupMemberRecord> members, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO groups (sdk_app_id, group_id, type, name, introduction, notification, face_url, owner, max_member_count, apply_join_option, created_at,
                                shut_up_all, app_defined_data, last_active_at)
            VALUES (@SdkAppId, @GroupId, @type, @Name, @Introduction, @Notification, @FaceUrl, @Owner, @MaxMemberCount, @ApplyJoinOption, @CreatedAt,
                    @ShutUpAll, @AppDefinedData, @LastActiveAt)
            ON CONFLICT DO NOTHING
            """, GroupParameters(group), transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return false;
        }

        await InsertMembersAsync(connection, transaction, group.SdkAppId, group.GroupId, members, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>A group's columns as parameters, for both the insert and the update.</summary>
    private static object GroupParameters(GroupRecord group) => new
    {
        group.SdkAppId,
        group.GroupId,
        type = group.Type.ToString(),
        group.Name,
        group.Introduction,
        group.Notification,
        group.FaceUrl,
        group.Owner,
        group.MaxMemberCount,
        group.ApplyJoinOption,
        group.CreatedAt,
        ShutUpAll = group.ShutUpAll ? 1 : 0,
        group.AppDefinedData,
        group.LastActiveAt,
    };

    public async Task<GroupRecord?> FindAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<GroupRow>(new CommandDefinition("""
            SELECT sdk_app_id AS SdkAppId, group_id AS GroupId, type AS Type, name AS Name, introduction AS Introduction,
                   notification AS Notification, face_url AS FaceUrl, owner AS Owner, max_member_count AS MaxMemberCount,
                   apply_join_option AS ApplyJoinOption, created_at AS CreatedAt, shut_up_all AS ShutUpAll,
                   app_defined_data AS AppDefinedData, last_active_at AS LastActiveAt
            FROM groups WHERE sdk_app_id = @sdkAppId AND group_id = @groupId
            """, new { sdkAppId, groupId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<GroupMemberRecord>> ListMembersAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition("""
            SELECT identifier AS Identifier, role AS Role, joined_at AS JoinedAt, shut_up_until AS ShutUpUntil, name_card AS NameCard
            FROM group_members WHERE sdk_app_id = @sdkAppId AND group_id = @groupId ORDER BY joined_at, identifier_key
            """, new { sdkAppId, groupId }, cancellationToken: cancellationToken));
        return rows.Select(r => new GroupMemberRecord(r.Identifier, r.Role, r.JoinedAt, r.ShutUpUntil, r.NameCard)).ToList();
    }

    public async Task AddMembersAsync(long sdkAppId, string groupId, IReadOnlyList<GroupMemberRecord> members, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertMembersAsync(connection, transaction, sdkAppId, groupId, members, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RemoveMembersAsync(long sdkAppId, string groupId, IReadOnlyList<string> identifiers, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM group_members WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND " + database.InList("identifier_key", "keys"),
            new { sdkAppId, groupId, keys = identifiers.Select(UserKeys.KeyOf).ToArray() }, cancellationToken: cancellationToken));
    }

    public async Task DeleteAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var args = new { sdkAppId, groupId };
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM group_members WHERE sdk_app_id = @sdkAppId AND group_id = @groupId", args, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM group_messages WHERE sdk_app_id = @sdkAppId AND group_id = @groupId", args, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM group_join_requests WHERE sdk_app_id = @sdkAppId AND group_id = @groupId", args, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM groups WHERE sdk_app_id = @sdkAppId AND group_id = @groupId", args, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<(IReadOnlyList<string> GroupIds, int Total)> ListGroupsOfMemberAsync(long sdkAppId, string identifier, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { sdkAppId, key = UserKeys.KeyOf(identifier), offset, limit };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM group_members WHERE sdk_app_id = @sdkAppId AND identifier_key = @key", args, cancellationToken: cancellationToken));
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT group_id FROM group_members WHERE sdk_app_id = @sdkAppId AND identifier_key = @key ORDER BY group_id LIMIT @limit OFFSET @offset",
            args, cancellationToken: cancellationToken));
        return (ids.ToList(), total);
    }

    public Task AppendMessageAsync(long sdkAppId, string groupId, GroupMessageRecord message, CancellationToken cancellationToken)
    {
        var row = new { sdkAppId, groupId, message.MsgSeq, msgRandom = (long)message.MsgRandom, message.MsgTime, message.From, message.Priority, message.MsgBody };
        // Stored before the sender's answer, sharing a commit with the other messages waiting (SqlCommitBatcher).
        return messageWrites.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO group_messages (sdk_app_id, group_id, msg_seq, msg_random, msg_time, from_account, priority, msg_body)
            VALUES (@sdkAppId, @groupId, @MsgSeq, @msgRandom, @MsgTime, @From, @Priority, @MsgBody)
            """, row, transaction)));
    }

    public async Task<long> GetLastMessageSeqAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(msg_seq) FROM group_messages WHERE sdk_app_id = @sdkAppId AND group_id = @groupId",
            new { sdkAppId, groupId }, cancellationToken: cancellationToken)) ?? 0;
    }

    public async Task<IReadOnlyList<GroupMessageRecord>> ListMessagesAsync(long sdkAppId, string groupId, long beforeOrAt, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>(new CommandDefinition($"""
            SELECT {MessageColumns}
            FROM group_messages WHERE sdk_app_id = @sdkAppId AND group_id = @groupId AND msg_seq <= @beforeOrAt
            ORDER BY msg_seq DESC LIMIT @limit
            """, new { sdkAppId, groupId, beforeOrAt, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private static async Task InsertMembersAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long sdkAppId, string groupId,
        IReadOnlyList<GroupMemberRecord> members, CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertMember, new
            {
                sdkAppId,
                groupId,
                key = UserKeys.KeyOf(member.Identifier),
                identifier = member.Identifier,
                role = member.Role,
                joinedAt = member.JoinedAt,
                shutUpUntil = member.ShutUpUntil,
                nameCard = member.NameCard,
            }, transaction, cancellationToken: cancellationToken));
        }
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class GroupRow
    {
        public long SdkAppId { get; set; }

        public string GroupId { get; set; } = "";

        public string Type { get; set; } = "";

        public string Name { get; set; } = "";

        public string? Introduction { get; set; }

        public string? Notification { get; set; }

        public string? FaceUrl { get; set; }

        public string? Owner { get; set; }

        public long MaxMemberCount { get; set; }

        public string ApplyJoinOption { get; set; } = "";

        public long CreatedAt { get; set; }

        public long ShutUpAll { get; set; }

        public string? AppDefinedData { get; set; }

        public long LastActiveAt { get; set; }

        public GroupRecord ToRecord() => new(SdkAppId, GroupId, Enum.Parse<GroupType>(Type), Name, Introduction, Notification, FaceUrl, Owner,
            (int)MaxMemberCount, ApplyJoinOption, CreatedAt, ShutUpAll != 0, AppDefinedData, LastActiveAt);
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class MemberRow
    {
        public string Identifier { get; set; } = "";

        public string Role { get; set; } = "";

        public long JoinedAt { get; set; }

        public long ShutUpUntil { get; set; }

        public string? NameCard { get; set; }
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class MessageRow
    {
        public long MsgSeq { get; set; }

        public long MsgRandom { get; set; }

        public long MsgTime { get; set; }

        public string FromAccount { get; set; } = "";

        public string Priority { get; set; } = "";

        public string MsgBody { get; set; } = "";

        public long Recalled { get; set; }

        public GroupMessageRecord ToRecord() => new(MsgSeq, (uint)MsgRandom, MsgTime, FromAccount, Priority, MsgBody, Recalled != 0);
    }
}
