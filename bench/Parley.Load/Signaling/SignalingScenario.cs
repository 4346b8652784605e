using System.Diagnostics;
using Parley.Client;
using Parley.Load.Common;
using Parley.Protocol.Errors;

namespace Parley.Load.Signaling;

/// <summary>
/// The signaling load scenario. Phases: (1) get a userSig per simulated user; (2) ramp: log every client in and join
/// it to room <c>1 + i % rooms</c>, <c>concurrency</c> at a time, timing login (connect + login) and joinRoom;
/// (3) idle: wait <c>settle</c>, then read the server's RSS to get bytes per idle logged-in session;
/// (4) churn for <c>duration</c>: each of <c>concurrency</c> workers cycles through its own clients doing
/// exitRoom + joinRoom of another room, timing both; (5) disconnect everyone. With more than one node, client i
/// connects to node i mod n while room ids stay 1..rooms, so one room's members sit on different nodes: the
/// cross-node room path is what a cluster run measures.
/// </summary>
public sealed class SignalingScenario(SignalingSettings settings, IUserSigSource userSigs, TextWriter progress)
{
    private readonly ErrorTally _errors = new();
    private readonly Uri[] _servers = [settings.Server, .. settings.MoreServers ?? []];
    private int _unexpectedDisconnects;

    public async Task<SignalingReport> RunAsync(CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid().ToString("N")[..6];
        var identifiers = Enumerable.Range(0, settings.Clients).Select(i => $"load_{runId}_{i}").ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken };

        progress.WriteLine($"[1/5] userSigs for {settings.Clients} users (sdkAppId {userSigs.SdkAppId})");
        var sigs = new string[settings.Clients];
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Clients), parallel, async (i, token) =>
            sigs[i] = await userSigs.GetUserSigAsync(identifiers[i], token).ConfigureAwait(false)).ConfigureAwait(false);

        var baseline = ReadServerRss();
        progress.WriteLine($"[2/5] ramp: login + joinRoom, {settings.Concurrency} at a time");
        var clients = new ParleyClient?[settings.Clients];
        var rooms = new long?[settings.Clients];
        var login = new LatencyRecorder("login (connect+login)", settings.Clients);
        var rampJoin = new LatencyRecorder("joinRoom (ramp)", settings.Clients);
        var ramp = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Clients), parallel, async (i, token) =>
        {
            var client = CreateClient(_servers[i % _servers.Length]);
            var start = Stopwatch.GetTimestamp();
            try
            {
                await client.LoginAsync(userSigs.SdkAppId, identifiers[i], sigs[i], token).ConfigureAwait(false);
                login.RecordSince(start);
            }
            catch (Exception ex) when (ex is ParleyException or OperationCanceledException)
            {
                _errors.Add("login", ex);
                await client.DisposeAsync().ConfigureAwait(false);
                return;
            }
            clients[i] = client;
            var room = 1 + (i % settings.Rooms);
            start = Stopwatch.GetTimestamp();
            try
            {
                await client.JoinRoomAsync(room, settings.Role, token).ConfigureAwait(false);
                rampJoin.RecordSince(start);
                rooms[i] = room;
            }
            catch (Exception ex) when (ex is ParleyException or OperationCanceledException)
            {
                _errors.Add("joinRoom", ex);
            }
        }).ConfigureAwait(false);
        ramp.Stop();
        var loggedIn = clients.Count(c => c is not null);
        // --server-pid's RSS is the first node's: only the sessions on it (clients 0, n, 2n, …) grew it.
        var onFirstServer = clients.Where((c, i) => c is not null && i % _servers.Length == 0).Count();
        var joined = rooms.Count(r => r is not null);
        progress.WriteLine($"      {loggedIn} logged in, {joined} joined in {ramp.Elapsed.TotalSeconds:0.00} s");

        progress.WriteLine($"[3/5] idle {settings.Settle.TotalSeconds:0.#} s, then read the server's memory");
        await Task.Delay(settings.Settle, cancellationToken).ConfigureAwait(false);
        var idle = ReadServerRss();
        double? perSession = baseline is long b && idle is long r && onFirstServer > 0 ? (double)(r - b) / onFirstServer : null;

        var churnJoin = new LatencyRecorder("joinRoom (churn)", ChurnCapacity());
        var churnExit = new LatencyRecorder("exitRoom (churn)", ChurnCapacity());
        var serverCpuBefore = ReadServerCpu();
        var ownCpuBefore = Environment.CpuUsage.TotalTime;
        var churn = Stopwatch.StartNew();
        if (settings.Duration > TimeSpan.Zero && loggedIn > 0)
        {
            progress.WriteLine($"[4/5] churn for {settings.Duration.TotalSeconds:0.#} s: exitRoom + joinRoom, {settings.Concurrency} workers");
            await ChurnAsync(clients, rooms, churnJoin, churnExit, cancellationToken).ConfigureAwait(false);
        }
        churn.Stop();
        var serverCpu = ReadServerCpu() - serverCpuBefore;
        var ownCpu = Environment.CpuUsage.TotalTime - ownCpuBefore;

        progress.WriteLine("[5/5] disconnect");
        await Parallel.ForEachAsync(clients.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (client, _) =>
            await client!.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);

        var churnJoinSummary = churnJoin.Summarize();
        var churnSeconds = churn.Elapsed.TotalSeconds;
        double? serverCores = serverCpu is { } cpu && churnSeconds > 0 ? cpu.TotalSeconds / churnSeconds : null;
        double? joinsPerCoreSecond = serverCpu is { TotalSeconds: > 0 } spent ? churnJoinSummary.Count / spent.TotalSeconds : null;
        return new SignalingReport(
            settings,
            ramp.Elapsed.TotalSeconds,
            loggedIn,
            joined,
            login.Count / ramp.Elapsed.TotalSeconds,
            rampJoin.Count / ramp.Elapsed.TotalSeconds,
            login.Summarize(),
            rampJoin.Summarize(),
            churnSeconds,
            churnSeconds > 0 ? churnJoinSummary.Count / churnSeconds : 0,
            churnJoinSummary,
            churnExit.Summarize(),
            Volatile.Read(ref _unexpectedDisconnects),
            [.. _errors.Snapshot().Select(e => new ErrorCount(e.Operation, e.Code, ErrorCodes.Describe(e.Code), e.Count))],
            baseline,
            idle,
            perSession,
            Environment.WorkingSet,
            serverCpu?.TotalSeconds,
            ownCpu.TotalSeconds,
            onFirstServer,
            serverCores,
            joinsPerCoreSecond);
    }

    private async Task ChurnAsync(ParleyClient?[] clients, long?[] rooms, LatencyRecorder join, LatencyRecorder exit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        var live = Enumerable.Range(0, clients.Length).Where(i => clients[i] is not null).ToArray();
        // Worker w owns the clients at positions w, w + concurrency, …: no client ever has two operations in flight.
        var workers = Enumerable.Range(0, Math.Min(settings.Concurrency, live.Length)).Select(w => Task.Run(async () =>
        {
            var mine = live.Where((_, position) => position % settings.Concurrency == w).ToArray();
            for (var k = 0; Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested; k++)
            {
                var i = mine[k % mine.Length];
                var client = clients[i]!;
                try
                {
                    if (rooms[i] is long current)
                    {
                        var start = Stopwatch.GetTimestamp();
                        await client.ExitRoomAsync(cancellationToken).ConfigureAwait(false);
                        exit.RecordSince(start);
                        rooms[i] = null;
                    }
                    var next = 1 + ((i + k + 1) % settings.Rooms);
                    var joinStart = Stopwatch.GetTimestamp();
                    await client.JoinRoomAsync(next, settings.Role, cancellationToken).ConfigureAwait(false);
                    join.RecordSince(joinStart);
                    rooms[i] = next;
                }
                catch (ParleyException ex)
                {
                    _errors.Add("churn", ex);
                    rooms[i] = client.CurrentRoomId;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }, CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private ParleyClient CreateClient(Uri server)
    {
        var client = new ParleyClient(new ParleyClientOptions
        {
            ServerUri = server,
            Platform = settings.Platform,
            RequestTimeout = settings.RequestTimeout,
            ConnectTimeout = settings.RequestTimeout,
            // A reconnect would hide the failure being measured: count drops instead.
            AutoReconnect = false,
        });
        client.Disconnected += (_, e) =>
        {
            if (e.CloseCode != 1000)
            {
                Interlocked.Increment(ref _unexpectedDisconnects);
            }
        };
        return client;
    }

    private int ChurnCapacity() => (int)Math.Clamp(settings.Duration.TotalSeconds * 50_000, 1, 20_000_000);

    /// <summary>The CPU time of the first server plus that of every other node named by a pid.</summary>
    private TimeSpan? ReadServerCpu() =>
        ProcessCpu.ReadTotalOrNull(settings.ServerPid, settings.MoreServerPids);

    private long? ReadServerRss() =>
        settings.ServerPid is int pid && ProcessMemory.TryReadRss(pid, out var bytes) ? bytes : null;
}
