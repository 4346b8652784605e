using System.CommandLine;
using System.Globalization;
using Parley.Cli.Admin;

namespace Parley.Cli.Cluster;

/// <summary><c>parley cluster nodes</c>: the cluster's active nodes as they describe themselves (docs/cluster.md, admin API).</summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var command = new Command("cluster", "Look at the cluster's nodes through the admin API (docs/cluster.md).");
        command.Subcommands.Add(Nodes());
        return command;
    }

    private static Command Nodes()
    {
        var connection = new AdminConnectionOptions();
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("nodes", "List every active node: silo address, public signaling URL, media addresses, sessions held.") { json };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var nodes = await client.ListClusterNodesAsync(cancellationToken);
            await AdminOutput.WriteListAsync(output, nodes, parseResult.GetValue(json), $"{"SILO",-32} {"URL",-36} {"SESSIONS",-8} {"STARTED",-20} MEDIA", async node =>
            {
                var silo = node.Self ? node.Silo + " *" : node.Silo;
                if (!node.Reachable)
                {
                    await output.WriteLineAsync($"{silo,-32} unreachable");
                    return;
                }

                var media = node.MediaAddresses is { Count: > 0 } addresses
                    ? string.Join(",", addresses.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Protocol}/{a.Address}:{a.Port}")))
                    : "-";
                if (node.MediaStarted == false)
                {
                    media += " (port not bound yet)";
                }

                var started = node.StartedAt is { } at ? AdminOutput.Time(at) : "-";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{silo,-32} {node.SignalingUrl ?? "-",-36} {node.Sessions,-8} {started,-20} {media}"));
            });
        }, cancellationToken));
        return command;
    }
}
