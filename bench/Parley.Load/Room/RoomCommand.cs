using System.CommandLine;
using System.Net;
using Parley.Load.Janus;
using Parley.Load.Common;

namespace Parley.Load.Room;

/// <summary><c>parley-load room</c>: the command line of <see cref="RoomScenario"/>.</summary>
public static class RoomCommand
{
    public static Command Create()
    {
        var server = ServerUriOption.Create("Signaling endpoint", new Uri("ws://127.0.0.1:7400/ws"), "ws", "wss");
        var sdkAppId = new Option<long?>("--sdkappid") { Description = "App of the simulated users (with --key)" };
        var key = new Option<string?>("--key") { Description = "The app's secret key: userSigs are signed locally" };
        var devUserSig = new Option<bool>("--dev-usersig") { Description = "Get userSigs from the dev server's /dev/usersig (default app)" };
        var rooms = new Option<int>("--rooms") { Description = "Rooms (R)", DefaultValueFactory = _ => 1 };
        var publishers = new Option<int>("--publishers") { Description = "Publishers per room (P), one video track each", DefaultValueFactory = _ => 1 };
        var subscribers = new Option<int>("--subscribers") { Description = "Subscribers per room (S), each receiving every publisher", DefaultValueFactory = _ => 10 };
        var rate = new Option<int>("--rate") { Description = "RTP packets per second per publisher", DefaultValueFactory = _ => 500 };
        var payload = new Option<int>("--payload") { Description = "RTP payload bytes per packet", DefaultValueFactory = _ => 1000 };
        var warmup = new Option<string>("--warmup") { Description = "Sending time before measuring, e.g. 3s", DefaultValueFactory = _ => "3s" };
        var duration = new Option<string>("--duration") { Description = "Measured sending time, e.g. 20s", DefaultValueFactory = _ => "15s" };
        var serverPid = new Option<int?>("--server-pid") { Description = "Server process id: its CPU time over the window gives packets per core-second" };
        var janus = new Option<string?>("--janus") { Description = "Also run the same load against Janus's VideoRoom at this HTTP API (e.g. http://10.77.0.2:8088/janus, see bench/janus/janus-netns.sh) and print the ratio" };
        var janusPid = new Option<int?>("--janus-pid") { Description = "Janus's process id, for its per-core figure" };
        var janusBind = new Option<string>("--janus-bind") { Description = "Local address of the connections to Janus (the host end of the veth pair)", DefaultValueFactory = _ => "10.77.0.1" };

        var command = new Command("room", "SFU forwarding through rooms with real SRTP: forwarded packets per server core-second, latency, loss")
        {
            server, sdkAppId, key, devUserSig, rooms, publishers, subscribers, rate, payload, warmup, duration, serverPid, janus, janusPid, janusBind,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DurationParser.TryParse(parse.GetValue(warmup), out var warmupTime) || !DurationParser.TryParse(parse.GetValue(duration), out var durationTime))
            {
                await Console.Error.WriteLineAsync("--warmup/--duration: use e.g. 3s, 500ms, 1m.");
                return 2;
            }

            var settings = new RoomSettings(
                parse.GetRequiredValue(server),
                Math.Max(1, parse.GetValue(rooms)),
                Math.Max(1, parse.GetValue(publishers)),
                Math.Max(1, parse.GetValue(subscribers)),
                Math.Max(1, parse.GetValue(rate)),
                Math.Clamp(parse.GetValue(payload), 10, 1200),
                warmupTime,
                durationTime,
                parse.GetValue(serverPid));
            IUserSigSource sigs;
            try
            {
                sigs = parse.GetValue(devUserSig) || parse.GetValue(key) is null
                    ? await DevUserSigSource.CreateAsync(settings.Server, cancellationToken)
                    : new KeyUserSigSource(parse.GetValue(sdkAppId) ?? 1_400_000_001, parse.GetValue(key)!);
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync("Could not get a userSig from /dev/usersig (is the server running with --dev?): " + ex.Message);
                return 2;
            }

            try
            {
                var report = await new RoomScenario(settings, new ParleyRoomTarget(settings.Server, sigs), Console.Out).RunAsync(cancellationToken);
                RoomReportWriter.Write(report, Console.Out);
                if (parse.GetValue(janus) is not { } janusText || !Uri.TryCreate(janusText, UriKind.Absolute, out var janusApi))
                {
                    return report.WindowPacketsForwarded > 0 ? 0 : 1;
                }

                // The same settings, pacer and measurement against the peer; only the target and the pid differ.
                var peerSettings = settings with { ServerPid = parse.GetValue(janusPid) };
                var peer = await new RoomScenario(peerSettings, new JanusRoomTarget(janusApi, IPAddress.Parse(parse.GetRequiredValue(janusBind))), Console.Out)
                    .RunAsync(cancellationToken);
                RoomReportWriter.Write(peer, Console.Out);
                RoomReportWriter.WriteComparison(report, peer, Console.Out);
                return report.WindowPacketsForwarded > 0 && peer.WindowPacketsForwarded > 0 ? 0 : 1;
            }
            finally
            {
                (sigs as IDisposable)?.Dispose();
            }
        });
        return command;
    }
}
