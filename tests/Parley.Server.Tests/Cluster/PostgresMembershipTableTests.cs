using System.Net;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Parley.Server.Cluster;
using Parley.Server.Storage.Postgres;
using Parley.Testing;

namespace Parley.Server.Tests.Cluster;

/// <summary>
/// The membership table's contract with Orleans (<see cref="IMembershipTable"/>): changes succeed only from the version
/// etag that was read, of two racing changes exactly one wins, heartbeats change no etag, and reads are one snapshot.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Disposed in DisposeAsync (IAsyncLifetime).")]
public sealed class PostgresMembershipTableTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private string _database = null!;
    private ClusterDatabase _cluster = null!;
    private PostgresMembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.GetAsync();
        _database = await _postgres.CreateDatabaseAsync("membership");
        await using (var store = new PostgresParleyStore(_database, TimeProvider.System))
        {
            await store.MigrateAsync(CancellationToken.None); // our migrations create the membership tables
        }

        _cluster = new ClusterDatabase(_database);
        _table = new PostgresMembershipTable(_cluster, Options.Create(new ClusterOptions { ClusterId = "c1", ServiceId = "s" }));
        await _table.InitializeMembershipTable(tryInitTableVersion: true);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _postgres.DropDatabaseAsync(_database);
    }

    private static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
        SiloName = "silo" + port,
        HostName = "host",
        Status = status,
        ProxyPort = port + 1,
        StartTime = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
        IAmAliveTime = new DateTime(2026, 12, 1, 0, 0, 1, DateTimeKind.Utc),
        SuspectTimes = [],
    };

    [Fact]
    public async Task A_row_is_inserted_once_and_only_from_the_version_that_was_read()
    {
        var empty = await _table.ReadAll();

        Assert.True(await _table.InsertRow(Entry(1000), empty.Version.Next()));
        Assert.False(await _table.InsertRow(Entry(2000), empty.Version.Next())); // stale version etag
        var now = await _table.ReadAll();
        Assert.False(await _table.InsertRow(Entry(1000), now.Version.Next())); // the row exists
        Assert.Equal(1, (await _table.ReadAll()).Version.Version); // the failed attempts changed nothing

        var (entry, _) = Assert.Single(now.Members);
        Assert.Equal((Entry(1000).SiloAddress, "silo1000", SiloStatus.Joining, 1001), (entry.SiloAddress, entry.SiloName, entry.Status, entry.ProxyPort));
    }

    [Fact]
    public async Task Of_two_silos_updating_from_the_same_read_exactly_one_wins()
    {
        await _table.InsertRow(Entry(1000), (await _table.ReadAll()).Version.Next());
        var read = await _table.ReadAll();
        var (entry, etag) = read.Members[0];
        entry.Status = SiloStatus.Active;
        var suspected = Entry(1000, SiloStatus.Active);
        suspected.AddOrUpdateSuspector(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 3000), 9), new DateTime(2026, 12, 1, 0, 0, 5, DateTimeKind.Utc), 3);

        var results = await Task.WhenAll(
            Task.Run(() => _table.UpdateRow(entry, etag, read.Version.Next())),
            Task.Run(() => _table.UpdateRow(suspected, etag, read.Version.Next())));

        Assert.Single(results, r => r);
        Assert.Equal(SiloStatus.Active, (await _table.ReadRow(entry.SiloAddress)).Members[0].Item1.Status);
    }

    [Fact]
    public async Task A_heartbeat_moves_only_the_alive_time_and_leaves_earlier_reads_usable()
    {
        await _table.InsertRow(Entry(1000), (await _table.ReadAll()).Version.Next());
        var read = await _table.ReadAll();
        var (entry, etag) = read.Members[0];

        entry.IAmAliveTime = new DateTime(2026, 12, 1, 0, 5, 0, DateTimeKind.Utc);
        await _table.UpdateIAmAlive(entry);
        var afterHeartbeat = await _table.ReadAll();

        Assert.Equal(read.Version, afterHeartbeat.Version);
        Assert.Equal(entry.IAmAliveTime, afterHeartbeat.Members[0].Item1.IAmAliveTime);
        entry.Status = SiloStatus.Dead;
        Assert.True(await _table.UpdateRow(entry, etag, read.Version.Next()));
    }

    [Fact]
    public async Task Dead_silos_quiet_since_the_cutoff_are_cleaned_up_and_suspicions_survive_a_round_trip()
    {
        var dead = Entry(1000, SiloStatus.Dead);
        var alive = Entry(2000, SiloStatus.Active);
        alive.AddOrUpdateSuspector(dead.SiloAddress, new DateTime(2026, 12, 1, 0, 0, 3, DateTimeKind.Utc), 3);
        await _table.InsertRow(dead, (await _table.ReadAll()).Version.Next());
        await _table.InsertRow(alive, (await _table.ReadAll()).Version.Next());

        await _table.CleanupDefunctSiloEntries(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

        var (left, _) = Assert.Single((await _table.ReadAll()).Members);
        Assert.Equal(alive.SiloAddress, left.SiloAddress);
        Assert.Equal(alive.SuspectTimes, left.SuspectTimes);
    }
}
