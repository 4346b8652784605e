using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Parley.Server.Cluster;

/// <summary>
/// Orleans membership (<c>Orleans:ClusteringMode=postgres</c>) in Parley's PostgreSQL database, in tables our own
/// migrations create (<c>orleans_membership_version</c>, <c>orleans_membership</c>). Every change is one transaction
/// that checks the table version's etag (and, for an update, the row's) and replaces it, so of two silos changing the
/// view at once exactly one wins and the other rereads — the optimistic protocol <see cref="IMembershipTable"/>
/// describes. Heartbeats (<see cref="UpdateIAmAlive"/>) touch neither etag. (Orleans' ADO.NET package expects its
/// SQL scripts to be run by hand and does not ship them; this table needs nothing but our migrations.)
/// </summary>
internal sealed class PostgresMembershipTable(ClusterDatabase database, IOptions<ClusterOptions> clusterOptions) : IMembershipTable
{
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    private const string EntryColumns = """
        silo AS Silo, silo_name AS SiloName, host_name AS HostName, status AS Status, proxy_port AS ProxyPort, role_name AS RoleName,
        update_zone AS UpdateZone, fault_zone AS FaultZone, suspect_times AS SuspectTimes, start_time AS StartTime, i_am_alive_time AS IAmAliveTime,
        row_etag AS RowEtag
        """;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        if (!tryInitTableVersion)
        {
            return;
        }

        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO orleans_membership_version (cluster_id, version, etag) VALUES (@clusterId, 0, @etag) ON CONFLICT DO NOTHING",
            new { clusterId = _clusterId, etag = NewEtag() });
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("DELETE FROM orleans_membership WHERE cluster_id = @clusterId", new { clusterId }, transaction);
        await connection.ExecuteAsync("DELETE FROM orleans_membership_version WHERE cluster_id = @clusterId", new { clusterId }, transaction);
        await transaction.CommitAsync();
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "DELETE FROM orleans_membership WHERE cluster_id = @clusterId AND status = @dead AND i_am_alive_time < @before",
            new { clusterId = _clusterId, dead = (int)SiloStatus.Dead, before = beforeDate.UtcTicks });
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key);

    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (!await AdvanceVersionAsync(connection, transaction, tableVersion))
        {
            return false;
        }

        var inserted = await connection.ExecuteAsync($"""
            INSERT INTO orleans_membership (cluster_id, silo, silo_name, host_name, status, proxy_port, role_name, update_zone, fault_zone, suspect_times,
                                            start_time, i_am_alive_time, row_etag)
            VALUES (@ClusterId, @Silo, @SiloName, @HostName, @Status, @ProxyPort, @RoleName, @UpdateZone, @FaultZone, @SuspectTimes,
                    @StartTime, @IAmAliveTime, @RowEtag)
            ON CONFLICT DO NOTHING
            """, Row(entry, NewEtag()), transaction);
        if (inserted == 0)
        {
            return false; // disposing the transaction rolls the version back
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (!await AdvanceVersionAsync(connection, transaction, tableVersion))
        {
            return false;
        }

        var parameters = new DynamicParameters(Row(entry, NewEtag()));
        parameters.Add("expected", etag);
        var updated = await connection.ExecuteAsync("""
            UPDATE orleans_membership SET silo_name = @SiloName, host_name = @HostName, status = @Status, proxy_port = @ProxyPort, role_name = @RoleName,
                   update_zone = @UpdateZone, fault_zone = @FaultZone, suspect_times = @SuspectTimes, start_time = @StartTime,
                   i_am_alive_time = @IAmAliveTime, row_etag = @RowEtag
            WHERE cluster_id = @ClusterId AND silo = @Silo AND row_etag = @expected
            """, parameters, transaction);
        if (updated == 0)
        {
            return false;
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "UPDATE orleans_membership SET i_am_alive_time = @alive WHERE cluster_id = @clusterId AND silo = @silo",
            new { alive = entry.IAmAliveTime.ToUniversalTime().Ticks, clusterId = _clusterId, silo = entry.SiloAddress.ToParsableString() });
    }

    /// <summary>The version row moves to <paramref name="next"/> only from the etag the caller read; false when someone changed it since.</summary>
    private async Task<bool> AdvanceVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion next) =>
        await connection.ExecuteAsync(
            "UPDATE orleans_membership_version SET version = @version, etag = @etag WHERE cluster_id = @clusterId AND etag = @expected",
            new { version = (long)next.Version, etag = NewEtag(), clusterId = _clusterId, expected = next.VersionEtag }, transaction) == 1;

    private async Task<MembershipTableData> ReadAsync(SiloAddress? only)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        // One snapshot for the version and the rows: they "have to be read atomically".
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        var version = await connection.QuerySingleOrDefaultAsync<(long Version, string Etag)?>(
            "SELECT version, etag FROM orleans_membership_version WHERE cluster_id = @clusterId", new { clusterId = _clusterId }, transaction);
        var rows = await connection.QueryAsync<EntryRow>(
            $"SELECT {EntryColumns} FROM orleans_membership WHERE cluster_id = @clusterId AND (@silo::text IS NULL OR silo = @silo)",
            new { clusterId = _clusterId, silo = only?.ToParsableString() }, transaction);
        await transaction.CommitAsync();
        var tableVersion = version is { } v ? new TableVersion((int)v.Version, v.Etag) : new TableVersion(0, "0");
        return new MembershipTableData(rows.Select(r => Tuple.Create(r.ToEntry(), r.RowEtag)).ToList(), tableVersion);
    }

    private object Row(MembershipEntry entry, string rowEtag) => new
    {
        ClusterId = _clusterId,
        Silo = entry.SiloAddress.ToParsableString(),
        entry.SiloName,
        entry.HostName,
        Status = (int)entry.Status,
        entry.ProxyPort,
        entry.RoleName,
        entry.UpdateZone,
        entry.FaultZone,
        SuspectTimes = EncodeSuspects(entry.SuspectTimes),
        StartTime = entry.StartTime.ToUniversalTime().Ticks,
        IAmAliveTime = entry.IAmAliveTime.ToUniversalTime().Ticks,
        RowEtag = rowEtag,
    };

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    // "silo@ticks|silo@ticks": who suspects this silo and since when.
    private static string? EncodeSuspects(List<Tuple<SiloAddress, DateTime>>? suspects) =>
        suspects is null || suspects.Count == 0
            ? null
            : string.Join('|', suspects.Select(s => s.Item1.ToParsableString() + "@" + s.Item2.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)));

    private static List<Tuple<SiloAddress, DateTime>> DecodeSuspects(string? text)
    {
        var suspects = new List<Tuple<SiloAddress, DateTime>>();
        foreach (var item in (text ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = item.LastIndexOf('@');
            suspects.Add(Tuple.Create(SiloAddress.FromParsableString(item[..at]),
                new DateTime(long.Parse(item[(at + 1)..], CultureInfo.InvariantCulture), DateTimeKind.Utc)));
        }

        return suspects;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class EntryRow
    {
        public string Silo { get; set; } = "";

        public string? SiloName { get; set; }

        public string? HostName { get; set; }

        public int Status { get; set; }

        public int ProxyPort { get; set; }

        public string? RoleName { get; set; }

        public int UpdateZone { get; set; }

        public int FaultZone { get; set; }

        public string? SuspectTimes { get; set; }

        public long StartTime { get; set; }

        public long IAmAliveTime { get; set; }

        public string RowEtag { get; set; } = "";

        public MembershipEntry ToEntry() => new()
        {
            SiloAddress = SiloAddress.FromParsableString(Silo),
            SiloName = SiloName ?? "",
            HostName = HostName ?? "",
            Status = (SiloStatus)Status,
            ProxyPort = ProxyPort,
            RoleName = RoleName,
            UpdateZone = UpdateZone,
            FaultZone = FaultZone,
            SuspectTimes = DecodeSuspects(SuspectTimes),
            StartTime = new DateTime(StartTime, DateTimeKind.Utc),
            IAmAliveTime = new DateTime(IAmAliveTime, DateTimeKind.Utc),
        };
    }
}
