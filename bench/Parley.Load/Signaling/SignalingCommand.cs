using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Parley.Load.Common;

namespace Parley.Load.Signaling;

/// <summary><c>parley-load signaling</c>: the command line of <see cref="SignalingScenario"/>.</summary>
public static class SignalingCommand
{
    public static Command Create()
    {
        var server = ServerUriOption.Create("Signaling endpoint", new Uri("ws://127.0.0.1:7400/ws"), "ws", "wss");
        var sdkAppId = new Option<long?>("--sdkappid") { Description = "App of the simulated users (with --key)" };
        var key = new Option<string?>("--key") { Description = "The app's secret key: userSigs are signed locally" };
        var devUserSig = new Option<bool>("--dev-usersig") { Description = "Get userSigs from the dev server's /dev/usersig (default app)" };
        var clients = new Option<int>("--clients") { Description = "Simulated users", DefaultValueFactory = _ => 1000 };
        var rooms = new Option<int>("--rooms") { Description = "Rooms the users spread over (1..rooms)", DefaultValueFactory = _ => 100 };
        var concurrency = new Option<int>("--concurrency") { Description = "Operations in flight at once", DefaultValueFactory = _ => 64 };
        var duration = DurationOption("--duration", "Length of the exit+join churn phase (0 to skip), e.g. 30s", TimeSpan.FromSeconds(30));
        var settle = DurationOption("--settle", "Idle time before the server's memory is read", TimeSpan.FromSeconds(5));
        var requestTimeout = DurationOption("--request-timeout", "Per-request timeout", TimeSpan.FromSeconds(10));
        var serverPid = new Option<int?>("--server-pid") { Description = "Server process id (the first node): its VmRSS before and after the ramp, its CPU time during churn" };
        var platform = new Option<string>("--platform") { Description = "Platform sent at login", DefaultValueFactory = _ => "linux" };
        var role = new Option<string?>("--role") { Description = "Role name sent with joinRoom (default role when omitted)" };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the report as JSON to this file" };
        var moreServers = ServerUriOption.CreateRepeatable("--also-server",
            "Another node of the same cluster (repeat): client i connects to server i mod n, --server first", "ws", "wss");
        var moreServerPids = new Option<int[]>("--also-server-pid") { Description = "Process id of another node (repeat): its CPU time counts as server time" };

        var command = new Command("signaling", "Log in N clients, join them to rooms, churn exit/join, report rates, latencies, errors and server memory")
        {
            server, sdkAppId, key, devUserSig, clients, rooms, concurrency, duration, settle, requestTimeout, serverPid, platform, role, json,
            moreServers, moreServerPids,
        };
        AtLeastOne(clients);
        AtLeastOne(concurrency);
        rooms.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000_000)
            {
                result.AddError("--rooms must be 1..10,000,000 (room ids, R3.2).");
            }
        });
        platform.Validators.Add(result =>
        {
            if (!Protocol.Roles.Platform.TryNormalize(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--platform must be one of " + string.Join(", ", Protocol.Roles.Platform.All) + ".");
            }
        });
        command.Validators.Add(result =>
        {
            var usesKey = result.GetValue(key) is not null || result.GetValue(sdkAppId) is not null;
            if (result.GetValue(devUserSig) == usesKey)
            {
                result.AddError("Pass either --sdkappid with --key, or --dev-usersig.");
            }
            else if (usesKey && (result.GetValue(key) is null || result.GetValue(sdkAppId) is null))
            {
                result.AddError("--sdkappid and --key go together.");
            }

            // Server CPU is the sum over all nodes, first server included: without its pid none would be reported.
            if (result.GetValue(moreServerPids) is { Length: > 0 } && result.GetValue(serverPid) is null)
            {
                result.AddError("--also-server-pid needs --server-pid.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new SignalingSettings(
                parse.GetRequiredValue(server),
                parse.GetValue(clients),
                parse.GetValue(rooms),
                parse.GetValue(concurrency),
                parse.GetValue(duration),
                parse.GetValue(settle),
                parse.GetValue(serverPid),
                parse.GetRequiredValue(platform),
                parse.GetValue(role),
                parse.GetValue(requestTimeout),
                parse.GetValue(moreServers) ?? [],
                parse.GetValue(moreServerPids) ?? []);
            IUserSigSource sigs;
            try
            {
                sigs = parse.GetValue(devUserSig)
                    ? await DevUserSigSource.CreateAsync(settings.Server, cancellationToken)
                    : new KeyUserSigSource(parse.GetValue(sdkAppId)!.Value, parse.GetValue(key)!);
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync("Could not get a userSig from /dev/usersig (is the server running with --dev?): " + ex.Message);
                return 2;
            }
            try
            {
                var report = await new SignalingScenario(settings, sigs, Console.Out).RunAsync(cancellationToken);
                SignalingReportWriter.Write(report, Console.Out);
                if (parse.GetValue(json) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(report, LoadJsonContext.Default.SignalingReport), cancellationToken);
                }
                return report.LoggedIn > 0 ? 0 : 1;
            }
            finally
            {
                (sigs as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static void AtLeastOne(Option<int> option) => option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError(option.Name + " must be at least 1.");
        }
    });

    private static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (DurationParser.TryParse(text, out var value))
            {
                return value;
            }
            result.AddError($"{name}: '{text}' is not a duration (30s, 500ms, 2m, 1h, 00:01:30).");
            return default;
        },
    };
}
