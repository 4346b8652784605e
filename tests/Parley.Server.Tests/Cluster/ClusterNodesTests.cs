using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Parley.Signaling.Nodes;
using Parley.Testing;

namespace Parley.Server.Tests.Cluster;

/// <summary>
/// Each node announces itself (silo address, public signaling URL, media addresses, sessions held) and the admin API of
/// any node lists every active one (<c>GET /api/cluster/nodes</c>, <c>parley cluster nodes</c>; docs/cluster.md).
/// </summary>
public sealed class ClusterNodesTests
{
    [Fact]
    public async Task Either_node_lists_both_nodes_with_their_public_urls_and_media_addresses()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("nodes");
        var settings = ClusterNode.Settings(database, "postgres", "nodes");
        try
        {
            var (httpA, mediaA) = (FreePorts.Next(), FreePorts.Next());
            var (httpB, mediaB) = (FreePorts.Next(), FreePorts.Next());
            // Node A announces its WebSocket endpoint itself; node B its base URL, whose endpoint is /ws on it.
            await using var nodeA = await StartNodeAsync(settings, httpA, mediaA, $"ws://127.0.0.1:{httpA}/ws");
            await using var nodeB = await StartNodeAsync(settings, httpB, mediaB, $"http://127.0.0.1:{httpB}/");
            await WaitForActiveSilosAsync(nodeA, 2);
            await WaitForActiveSilosAsync(nodeB, 2);
            using var login = await VendorLoginAsync(nodeB, "nodes_erin"); // one session held by node B

            foreach (var (asked, self) in new[] { (nodeA, $"ws://127.0.0.1:{httpA}/ws"), (nodeB, $"ws://127.0.0.1:{httpB}/ws") })
            {
                using var admin = asked.CreateAdminClient();
                var nodes = await admin.GetFromJsonAsync<JsonElement>("api/cluster/nodes");
                Assert.Equal(2, nodes.GetArrayLength());
                Assert.Equal(self, nodes[0].GetProperty("signalingUrl").GetString()); // the node asked comes first
                Assert.True(nodes[0].GetProperty("self").GetBoolean());
                Assert.False(nodes[1].GetProperty("self").GetBoolean());

                var a = Node(nodes, $"ws://127.0.0.1:{httpA}/ws");
                Assert.True(a.GetProperty("reachable").GetBoolean());
                Assert.Equal($"ws://127.0.0.1:{httpA}/ws", a.GetProperty("publicUrl").GetString());
                Assert.Equal(0, a.GetProperty("sessions").GetInt32());
                AssertMedia(a, mediaA);

                var b = Node(nodes, $"ws://127.0.0.1:{httpB}/ws");
                Assert.True(b.GetProperty("reachable").GetBoolean());
                Assert.Equal(1, b.GetProperty("sessions").GetInt32());
                Assert.Equal($"http://127.0.0.1:{httpB}/", b.GetProperty("publicUrl").GetString());
                AssertMedia(b, mediaB);
                Assert.NotEqual(a.GetProperty("silo").GetString(), b.GetProperty("silo").GetString());
                Assert.True(b.GetProperty("startedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
            }

            // The CLI prints the same listing.
            var (exitCode, output, error) = await RunCliAsync(nodeA, "cluster", "nodes");
            Assert.True(exitCode == 0, error);
            Assert.Contains($"ws://127.0.0.1:{httpA}/ws", output, StringComparison.Ordinal);
            Assert.Contains($"ws://127.0.0.1:{httpB}/ws", output, StringComparison.Ordinal);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"udp/127.0.0.1:{mediaB}"), output, StringComparison.Ordinal);
            var (jsonExit, json, _) = await RunCliAsync(nodeA, "cluster", "nodes", "--json");
            Assert.Equal(0, jsonExit);
            Assert.Equal(2, JsonDocument.Parse(json).RootElement.GetArrayLength());
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_node_that_does_not_answer_in_time_is_listed_as_unreachable_and_the_listing_still_answers()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("nodes_slow");
        var settings = ClusterNode.Settings(database, "postgres", "nodes-slow");
        try
        {
            await using var nodeA = await ParleyTestServer.StartAsync(settings: settings);
            // Node B takes longer to describe itself than a node may (ClusterNodes.NodeTimeout).
            await using var nodeB = await ParleyTestServer.StartAsync(settings: settings,
                configure: builder => builder.Services.AddSingleton<INodeAnnouncement>(new SlowAnnouncement(ClusterNodes.NodeTimeout * 2)));
            await WaitForActiveSilosAsync(nodeA, 2);

            using var admin = nodeA.CreateAdminClient();
            var nodes = await admin.GetFromJsonAsync<JsonElement>("api/cluster/nodes");

            Assert.Equal(2, nodes.GetArrayLength());
            Assert.True(nodes[0].GetProperty("reachable").GetBoolean());
            Assert.Equal(nodeA.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString(), nodes[0].GetProperty("silo").GetString());
            Assert.False(nodes[1].GetProperty("reachable").GetBoolean());
            Assert.Equal(nodeB.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString(), nodes[1].GetProperty("silo").GetString());
            // Had the listing waited for B, B would be reachable: it answers, only later than a node may.
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_single_node_lists_itself_with_its_bound_media_port_behind_the_admin_token()
    {
        // No Cluster:PublicUrl and no Orleans:AdvertisedAddress: the node knows no URL to offer.
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        });
        var port = server.Services.GetRequiredService<Parley.Server.Media.MediaServerAccessor>().Server.LocalEndPoint.Port; // binds the port
        using var anonymous = server.CreateClient();
        using var refused = await anonymous.GetAsync(new Uri("api/cluster/nodes", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);

        using var admin = server.CreateAdminClient();
        var nodes = await admin.GetFromJsonAsync<JsonElement>("api/cluster/nodes");

        var node = Assert.Single(nodes.EnumerateArray());
        Assert.True(node.GetProperty("self").GetBoolean());
        Assert.True(node.GetProperty("reachable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, node.GetProperty("publicUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, node.GetProperty("signalingUrl").ValueKind);
        Assert.True(node.GetProperty("mediaStarted").GetBoolean());
        AssertMedia(node, port);
        var paths = (await admin.GetFromJsonAsync<JsonElement>("openapi/v1.json")).GetProperty("paths");
        Assert.True(paths.GetProperty("/api/cluster/nodes").TryGetProperty("get", out _));
    }

    private static Task<ParleyTestServer> StartNodeAsync(Dictionary<string, string?> cluster, int httpPort, int mediaPort, string publicUrl) =>
        ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>(cluster)
        {
            ["urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}"),
            ["Cluster:PublicUrl"] = publicUrl,
            ["Media:UdpPort"] = mediaPort.ToString(CultureInfo.InvariantCulture),
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        });

    private static JsonElement Node(JsonElement nodes, string signalingUrl) =>
        nodes.EnumerateArray().Single(node => node.GetProperty("signalingUrl").GetString() == signalingUrl);

    /// <summary>The media port's host candidates: bound, or (not bound yet) the ones it will announce on its configured port.</summary>
    private static void AssertMedia(JsonElement node, int port)
    {
        var addresses = node.GetProperty("mediaAddresses").EnumerateArray()
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.GetProperty("protocol").GetString()}/{a.GetProperty("address").GetString()}:{a.GetProperty("port").GetInt32()}"))
            .ToList();
        Assert.Equal([$"udp/127.0.0.1:{port}", $"tcp/127.0.0.1:{port}"], addresses);
    }

    private static async Task<System.Net.WebSockets.ClientWebSocket> VendorLoginAsync(ParleyTestServer node, string identifier) =>
        await RestApi.VendorRest.LoginAsync(node, identifier);

    private static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(ParleyTestServer node, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await Parley.Cli.Program.CreateRootCommand()
            .Parse([.. args, "--server", node.BaseUri.ToString(), "--token", node.AdminToken])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static async Task WaitForActiveSilosAsync(ParleyTestServer node, int count)
    {
        var membership = node.Services.GetRequiredService<IClusterMembershipService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (membership.CurrentSnapshot.Members.Count(m => m.Value.Status == SiloStatus.Active) < count)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>A node hook that answers only after <paramref name="delay"/>, as a node stuck under load would.</summary>
    private sealed class SlowAnnouncement(TimeSpan delay) : INodeAnnouncement
    {
        public NodeEndpoints Describe()
        {
            Thread.Sleep(delay);
            return NodeEndpoints.None;
        }
    }
}
