using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Parley.Server.Tests.RestApi;
using Parley.Testing;

namespace Parley.Server.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL database are one system, whether they find each other through the database
/// (<c>Orleans:ClusteringMode=postgres</c>) or through Redis (<c>redis</c>): users logged in on different nodes share
/// groups and messages.
/// </summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task Two_nodes_on_one_database_form_one_cluster_and_deliver_messages_across_nodes()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("cluster");
        var settings = ClusterNode.Settings(database, "postgres", "two-nodes");
        try
        {
            await using var nodeA = await ParleyTestServer.StartAsync(settings: settings);
            await using var nodeB = await ParleyTestServer.StartAsync(settings: settings);
            await WaitForActiveSilosAsync(nodeA, 2);
            await WaitForActiveSilosAsync(nodeB, 2);
            Assert.Equal(nodeA.DefaultApp.SdkAppId, nodeB.DefaultApp.SdkAppId); // one database: the first node made the default app

            using var bobOnA = await VendorRest.LoginAsync(nodeA, "cluster_bob");
            using var carolOnB = await VendorRest.LoginAsync(nodeB, "cluster_carol");
            VendorRest.AssertOk(await nodeA.CallRestApiAsync("group_open_http_svc/create_group",
                """{"Owner_Account":"cluster_bob","Type":"Public","GroupId":"across","Name":"across nodes","MemberList":[{"Member_Account":"cluster_carol"}]}"""));

            var sent = await nodeB.CallRestApiAsync("group_open_http_svc/send_group_msg",
                $$"""{"GroupId":"across","From_Account":"cluster_carol","Random":1,"MsgBody":{{VendorRest.Text("from node B")}}}""");
            VendorRest.AssertOk(sent);
            Assert.Equal("from node B", Text(await NextMessageAsync(bobOnA)));
            Assert.Equal("from node B", Text(await NextMessageAsync(carolOnB)));

            VendorRest.AssertOk(await nodeA.CallRestApiAsync("openim/sendmsg",
                $$"""{"From_Account":"cluster_bob","To_Account":"cluster_carol","MsgRandom":2,"MsgBody":{{VendorRest.Text("one to one, A to B")}}}"""));
            Assert.Equal("one to one, A to B", Text(await NextMessageAsync(carolOnB)));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Two_nodes_with_Redis_membership_form_one_cluster_and_deliver_messages_across_nodes()
    {
        using var redis = await RedisServer.StartAsync();
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("redis_cluster");
        var settings = ClusterNode.Settings(database, "redis", "redis-nodes");
        settings["Orleans:RedisConnectionString"] = redis.ConnectionString;
        try
        {
            await using var nodeA = await ParleyTestServer.StartAsync(settings: settings);
            await using var nodeB = await ParleyTestServer.StartAsync(settings: settings);
            await WaitForActiveSilosAsync(nodeA, 2);
            await WaitForActiveSilosAsync(nodeB, 2);

            using var daveOnB = await VendorRest.LoginAsync(nodeB, "redis_dave");
            VendorRest.AssertOk(await nodeA.CallRestApiAsync("openim/sendmsg",
                $$"""{"From_Account":"redis_erin","To_Account":"redis_dave","MsgRandom":3,"MsgBody":{{VendorRest.Text("through redis membership")}}}"""));
            Assert.Equal("through redis membership", Text(await NextMessageAsync(daveOnB)));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_file_uploaded_through_one_node_is_served_by_the_other()
    {
        // docs/uploads.md: with PostgreSQL the files live in the database, so a message's file URL works on every node.
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("cluster_uploads");
        var settings = ClusterNode.Settings(database, "postgres", "upload-nodes");
        try
        {
            await using var nodeA = await ParleyTestServer.StartAsync(settings: settings);
            await using var nodeB = await ParleyTestServer.StartAsync(settings: settings);
            var content = System.Text.Encoding.UTF8.GetBytes("minutes of the meeting, " + new string('x', 100_000));
            using var httpA = nodeA.CreateClient();
            using var body = new ByteArrayContent(content);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
            using var uploaded = await httpA.PostAsync(new Uri(
                $"/upload?sdkappid={nodeA.DefaultApp.SdkAppId}&identifier=up_dora&usersig={Uri.EscapeDataString(nodeA.UserSig("up_dora"))}&name=minutes.txt",
                UriKind.Relative), body);
            Assert.Equal(System.Net.HttpStatusCode.OK, uploaded.StatusCode);
            var url = System.Text.Json.JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString();

            using var httpB = nodeB.CreateClient();
            using var download = await httpB.GetAsync(new Uri($"{url}?identifier=up_emil&usersig={Uri.EscapeDataString(nodeB.UserSig("up_emil"))}", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());

            using var missing = await httpB.GetAsync(new Uri($"/files/{nodeB.DefaultApp.SdkAppId}/{new string('0', 32)}?identifier=up_emil&usersig={Uri.EscapeDataString(nodeB.UserSig("up_emil"))}", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    private static async Task<System.Text.Json.JsonElement> NextMessageAsync(System.Net.WebSockets.ClientWebSocket socket) =>
        (await VendorRest.ReceiveEventsAsync(socket, "messageReceived", 1))[0];

    private static string? Text(System.Text.Json.JsonElement message) =>
        message.GetProperty("msgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString();

    private static async Task WaitForActiveSilosAsync(ParleyTestServer node, int count)
    {
        var membership = node.Services.GetRequiredService<IClusterMembershipService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (membership.CurrentSnapshot.Members.Count(m => m.Value.Status == SiloStatus.Active) < count)
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
