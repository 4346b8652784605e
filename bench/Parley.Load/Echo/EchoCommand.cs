using System.CommandLine;
using Parley.Load.Common;
using Parley.Srtp;
using Parley.WebRtc;

namespace Parley.Load.Echo;

/// <summary><c>parley-load echo</c>: the command line of <see cref="EchoScenario"/>.</summary>
public static class EchoCommand
{
    public static Command Create()
    {
        var server = ServerUriOption.Create(
            "HTTP base URL of a server with the echo test enabled (--dev or Echo:Enabled=true)", new Uri("http://127.0.0.1:7400"), "http", "https");
        var sessions = new Option<int>("--sessions") { Description = "Concurrent echo sessions", DefaultValueFactory = _ => 20 };
        var rate = new Option<int>("--rate") { Description = "Total packets per second sent (all sessions)", DefaultValueFactory = _ => 20_000 };
        var payload = new Option<int>("--payload") { Description = "RTP payload bytes per packet (video ~1100)", DefaultValueFactory = _ => 1100 };
        var warmup = new Option<string>("--warmup") { Description = "Sending time before measuring, e.g. 3s", DefaultValueFactory = _ => "3s" };
        var duration = new Option<string>("--duration") { Description = "Measured sending time, e.g. 20s", DefaultValueFactory = _ => "20s" };
        var serverPid = new Option<int?>("--server-pid") { Description = "Server process id: its CPU time over the window gives packets per core" };
        var profile = new Option<string?>("--profile") { Description = "SRTP profile the server should prefer, e.g. AEAD_AES_128_GCM" };
        var burst = new Option<int>("--burst") { Description = "Packets per video frame, sent back to back by one session (one sendmmsg)", DefaultValueFactory = _ => 10 };
        var batchedIo = new Option<bool>("--batched-io") { Description = "Clients use recvmmsg/sendmmsg on Linux (false: one syscall per packet)", DefaultValueFactory = _ => true };

        var command = new Command("echo", "SRTP echo through the server's UDP port at a fixed packet rate: throughput per server core and loss")
        {
            server, sessions, rate, payload, warmup, duration, serverPid, profile, burst, batchedIo,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DurationParser.TryParse(parse.GetValue(warmup), out var warmupTime) || !DurationParser.TryParse(parse.GetValue(duration), out var durationTime))
            {
                await Console.Error.WriteLineAsync("--warmup/--duration: use e.g. 3s, 500ms, 1m.");
                return 2;
            }

            SrtpProfile? srtpProfile = null;
            if (parse.GetValue(profile) is { } name)
            {
                if (!SrtpProfileNames.TryParse(name, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"--profile: unknown SRTP profile '{name}'.");
                    return 2;
                }

                srtpProfile = parsed;
            }

            var settings = new EchoSettings(
                parse.GetRequiredValue(server),
                Math.Max(1, parse.GetValue(sessions)),
                Math.Max(1, parse.GetValue(rate)),
                Math.Clamp(parse.GetValue(payload), 1, 1200),
                warmupTime,
                durationTime,
                parse.GetValue(serverPid),
                srtpProfile,
                Math.Clamp(parse.GetValue(burst), 1, 32),
                parse.GetValue(batchedIo));
            var report = await new EchoScenario(settings, Console.Out).RunAsync(cancellationToken);
            EchoReportWriter.Write(report, Console.Out);
            return report.WindowPacketsReceived > 0 ? 0 : 1;
        });
        return command;
    }
}
