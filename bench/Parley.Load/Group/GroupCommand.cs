using System.CommandLine;
using System.Text.Json;
using Parley.Load.Common;

namespace Parley.Load.Group;

/// <summary><c>parley-load group</c>: the command line of <see cref="GroupScenario"/>.</summary>
public static class GroupCommand
{
    public static Command Create()
    {
        var server = ServerUriOption.Create("Signaling endpoint", new Uri("ws://127.0.0.1:7400/ws"), "ws", "wss");
        var sdkAppId = new Option<long?>("--sdkappid") { Description = "App of the simulated users (with --key)" };
        var key = new Option<string?>("--key") { Description = "The app's secret key: userSigs are signed locally" };
        var members = new Option<int>("--members") { Description = "Members in all (M), spread evenly over the groups", DefaultValueFactory = _ => 1_000 };
        var groups = new Option<int>("--groups") { Description = "Groups (G)", DefaultValueFactory = _ => 1 };
        var senders = new Option<int>("--senders") { Description = "Senders per group (K), members of it", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--rate") { Description = "Messages per second per group, over its senders (Parley takes ≤ 40, product-rules §5)", DefaultValueFactory = _ => 10 };
        var warmup = new Option<string>("--warmup") { Description = "Sending time before measuring, e.g. 3s", DefaultValueFactory = _ => "3s" };
        var duration = new Option<string>("--duration") { Description = "Measured sending time, e.g. 15s", DefaultValueFactory = _ => "15s" };
        var concurrency = new Option<int>("--concurrency") { Description = "Connections opened at once", DefaultValueFactory = _ => 64 };
        var serverPid = new Option<int?>("--server-pid") { Description = "Parley's process id: its CPU time over the window gives deliveries per core-second" };
        var ejabberd = new Option<string?>("--ejabberd") { Description = "Also run the same load against ejabberd's MUC at this host:port (XMPP c2s, see bench/ejabberd/)" };
        var ejabberdPid = new Option<int?>("--ejabberd-pid") { Description = "ejabberd's process id (beam.smp), for its per-core figure" };
        var ejabberdDomain = new Option<string>("--ejabberd-domain") { Description = "ejabberd's XMPP domain (the MUC service is conference.DOMAIN)", DefaultValueFactory = _ => "localhost" };
        var skipParley = new Option<bool>("--skip-parley") { Description = "Run only the peer (with --ejabberd)" };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the reports as JSON to this file" };
        var moreServers = new Option<string[]>("--also-server") { Description = "Another node of the same cluster (repeat): members are spread round-robin over --server and these" };
        var moreServerPids = new Option<int[]>("--also-server-pid") { Description = "Process id of another node (repeat): its CPU time counts as server time" };

        var receiverKind = ReceiverOption.Create();
        var receiveThreads = ReceiverOption.CreateThreads();
        var receivePause = ReceiverOption.CreatePause();
        var command = new Command("group", "Group fan-out over WebSocket: deliveries/s, per server core-second, send→receive latency; optionally side by side with ejabberd")
        {
            server, sdkAppId, key, members, groups, senders, rate, warmup, duration, concurrency, serverPid, ejabberd, ejabberdPid, ejabberdDomain, skipParley, json,
            moreServers, moreServerPids, receiverKind, receiveThreads, receivePause,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DurationParser.TryParse(parse.GetValue(warmup), out var warmupTime) || !DurationParser.TryParse(parse.GetValue(duration), out var durationTime))
            {
                await Console.Error.WriteLineAsync("--warmup/--duration: use e.g. 3s, 500ms, 1m.");
                return 2;
            }

            var settings = new GroupSettings(Math.Max(2, parse.GetValue(members)), Math.Max(1, parse.GetValue(groups)), Math.Max(1, parse.GetValue(senders)),
                Math.Max(0.1, parse.GetValue(rate)), warmupTime, durationTime, Math.Max(1, parse.GetValue(concurrency)), parse.GetValue(serverPid),
                parse.GetValue(moreServerPids) ?? []);
            var nodes = (parse.GetValue(moreServers) ?? []).Select(u => new Uri(u)).ToList();
            IUserSigSource sigs;
            try
            {
                sigs = parse.GetValue(key) is { } secret
                    ? new KeyUserSigSource(parse.GetValue(sdkAppId) ?? 1_400_000_001, secret)
                    : await DevUserSigSource.CreateAsync(parse.GetRequiredValue(server), cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync("Could not get a userSig from /dev/usersig (is the server running with --dev?): " + ex.Message);
                return 2;
            }

            var reports = new List<GroupReport>();
            try
            {
                using var epoll = ReceiverOption.Open(parse.GetRequiredValue(receiverKind), parse.GetValue(receiveThreads), parse.GetValue(receivePause));
                await using (var parley = new ParleyChatTarget(parse.GetRequiredValue(server), sigs, nodes, epoll))
                {
                    if (!parse.GetValue(skipParley))
                    {
                        reports.Add(await new GroupScenario(settings, parley, Console.Out).RunAsync(cancellationToken));
                    }
                }

                if (parse.GetValue(ejabberd) is { } address)
                {
                    await using var peer = new EjabberdChatTarget(address, parse.GetRequiredValue(ejabberdDomain));
                    reports.Add(await new GroupScenario(settings with { ServerPid = parse.GetValue(ejabberdPid) }, peer, Console.Out).RunAsync(cancellationToken));
                }
            }
            finally
            {
                (sigs as IDisposable)?.Dispose();
            }

            GroupReportWriter.Write(reports, Console.Out);
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(reports, LoadJsonContext.Default.ListGroupReport), cancellationToken);
            }

            return reports.All(r => r.Delivered > 0) ? 0 : 1;
        });
        return command;
    }
}
