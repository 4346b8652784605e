using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol.Errors;
using Parley.Server.Storage;
using Parley.Testing;

namespace Parley.Server.Tests;

/// <summary>The admin API's room views, fed by a real client that logs in and joins over the signaling WebSocket.</summary>
public sealed class RoomsApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_room_joined_over_signaling_shows_in_the_admin_api_with_its_owner_and_members()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        var app = server.DefaultApp.SdkAppId;

        var login = await CallAsync(socket, 1, "login", new { sdkAppId = app, identifier = "Alice", userSig = server.UserSig("Alice"), platform = "web" });
        var join = await CallAsync(socket, 2, "joinRoom", new { roomId = 4242, role = "anchor" });
        using var admin = server.CreateAdminClient();
        var rooms = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/rooms", Json);
        var room = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/rooms/4242", Json);
        using var missing = await admin.GetAsync(new Uri($"api/apps/{app}/rooms/4243", UriKind.Relative));
        using var otherApp = await admin.GetAsync(new Uri("api/apps/999/rooms", UriKind.Relative));

        Assert.False(login.TryGetProperty("error", out _), login.ToString());
        Assert.False(join.TryGetProperty("error", out _), join.ToString());
        var summary = Assert.Single(rooms.EnumerateArray());
        Assert.Equal(4242, summary.GetProperty("roomId").GetInt64());
        Assert.Equal("Alice", summary.GetProperty("owner").GetString()); // R3.4
        Assert.Equal(1, summary.GetProperty("memberCount").GetInt32());
        var member = Assert.Single(room.GetProperty("members").EnumerateArray());
        Assert.Equal("Alice", member.GetProperty("identifier").GetString());
        Assert.True(member.GetProperty("isOwner").GetBoolean());
        await ApiAssertions.AssertErrorAsync(missing, HttpStatusCode.NotFound, ErrorCodes.RoomNotFound);
        await ApiAssertions.AssertErrorAsync(otherApp, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);

        // The login went through the store-backed user directory (R2.1).
        var user = await server.Services.GetRequiredService<IParleyStore>().Users.FindAsync(app, "alice", CancellationToken.None);
        Assert.Equal("Alice", user?.Identifier);
    }

    [Fact]
    public async Task The_admin_api_kicks_a_member_out_of_a_room()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        var app = server.DefaultApp.SdkAppId;
        await CallAsync(socket, 1, "login", new { sdkAppId = app, identifier = "Bob", userSig = server.UserSig("Bob"), platform = "web" });
        await CallAsync(socket, 2, "joinRoom", new { roomId = 4244 });
        using var admin = server.CreateAdminClient();

        using var kicked = await admin.DeleteAsync(new Uri($"api/apps/{app}/rooms/4244/members/bob", UriKind.Relative));
        using var again = await admin.DeleteAsync(new Uri($"api/apps/{app}/rooms/4244/members/bob", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, kicked.StatusCode);
        await ApiAssertions.AssertErrorAsync(again, HttpStatusCode.NotFound, ErrorCodes.RoomNotFound);
        var list = await CallAsync(socket, 3, "listMembers", new { });
        Assert.Equal(ErrorCodes.NotInRoom, list.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Room_actions_refuse_bad_bodies_unknown_apps_and_unknown_rooms_with_catalog_errors()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        var app = server.DefaultApp.SdkAppId;
        await CallAsync(socket, 1, "login", new { sdkAppId = app, identifier = "Carol", userSig = server.UserSig("Carol"), platform = "web" });
        await CallAsync(socket, 2, "joinRoom", new { roomId = 4245 });
        using var admin = server.CreateAdminClient();

        using var noIdentifiers = await admin.PostAsJsonAsync($"api/apps/{app}/rooms/4245/remove-users", new { }, Json);
        using var tooMany = await admin.PostAsJsonAsync($"api/apps/{app}/rooms/4245/remove-users",
            new { identifiers = Enumerable.Range(0, 101).Select(i => "u" + i).ToArray() }, Json);
        using var emptyName = await admin.PostAsJsonAsync($"api/apps/{app}/rooms/4245/remove-users", new { identifiers = new[] { "" } }, Json);
        using var badSource = await admin.PostAsJsonAsync($"api/apps/{app}/rooms/4245/members/carol/mute", new { source = "speaker" }, Json);
        using var noTrack = await admin.PostAsJsonAsync($"api/apps/{app}/rooms/4245/members/carol/mute", new { source = "camera" }, Json);
        using var noApp = await admin.DeleteAsync(new Uri("api/apps/999/rooms/4245", UriKind.Relative));
        using var noRoom = await admin.DeleteAsync(new Uri($"api/apps/{app}/rooms/4246", UriKind.Relative));
        using var noRoomToRemoveFrom = await admin.PostAsJsonAsync($"api/apps/{app}/rooms/4246/remove-users", new { identifiers = new[] { "carol" } }, Json);
        using var noRoomToMuteIn = await admin.PostAsJsonAsync($"api/apps/{app}/rooms/4246/members/carol/mute", new { source = "camera" }, Json);

        await ApiAssertions.AssertErrorAsync(noIdentifiers, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ApiAssertions.AssertErrorAsync(tooMany, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ApiAssertions.AssertErrorAsync(emptyName, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ApiAssertions.AssertErrorAsync(badSource, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ApiAssertions.AssertErrorAsync(noTrack, HttpStatusCode.NotFound, ErrorCodes.ProducerNotFound);
        await ApiAssertions.AssertErrorAsync(noApp, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        await ApiAssertions.AssertErrorAsync(noRoom, HttpStatusCode.NotFound, ErrorCodes.RoomNotFound);
        await ApiAssertions.AssertErrorAsync(noRoomToRemoveFrom, HttpStatusCode.NotFound, ErrorCodes.RoomNotFound);
        await ApiAssertions.AssertErrorAsync(noRoomToMuteIn, HttpStatusCode.NotFound, ErrorCodes.RoomNotFound);
        // Nothing above touched the room.
        var room = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/rooms/4245", Json);
        var member = Assert.Single(room.GetProperty("members").EnumerateArray());
        Assert.Equal("web", member.GetProperty("platform").GetString());
        Assert.Empty(member.GetProperty("tracks").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, room.GetProperty("dissolvesAt").ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_room_actions()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var client = server.CreateClient();

        var paths = (await client.GetFromJsonAsync<JsonElement>("openapi/v1.json")).GetProperty("paths");

        Assert.True(paths.GetProperty("/api/apps/{sdkAppId}/rooms/{roomId}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/apps/{sdkAppId}/rooms/{roomId}/remove-users").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/apps/{sdkAppId}/rooms/{roomId}/members/{identifier}/mute").TryGetProperty("post", out _));
    }

    /// <summary>Sends one JSON-RPC request and returns its response, skipping notifications.</summary>
    private static async Task<JsonElement> CallAsync(ClientWebSocket socket, int id, string method, object parameters)
    {
        var request = JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id, method, @params = parameters }, Json);
        await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var frame = await ReceiveAsync(socket, timeout.Token);
            using var document = JsonDocument.Parse(frame);
            if (document.RootElement.TryGetProperty("id", out var answerId) && answerId.ValueKind == JsonValueKind.Number && answerId.GetInt32() == id)
            {
                return document.RootElement.Clone();
            }
        }
    }

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray());
    }
}
