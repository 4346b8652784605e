using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests.Uploads;

/// <summary>
/// Uploads for the media elements of messages (issue "Groups and messages" §5, product-rules §6 TIMImageElem etc.):
/// authenticated by a userSig, size limit, content-type check, an image's size read from the file, downloads for the
/// same app only, no path outside the upload directory.
/// </summary>
public sealed class UploadTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ParleyTestServer Server => fixture.Server;

    [Fact]
    public async Task An_uploaded_png_answers_its_uuid_url_and_size_and_a_user_of_the_app_downloads_it()
    {
        var png = Png(640, 360);
        using var http = Server.CreateClient();

        using var response = await http.PostAsync(UploadUri("up_alice", "photo.png"), Body(png, "image/png"));
        var stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("png", 640, 360, png.Length), (stored.GetProperty("imageFormat").GetString(), stored.GetProperty("width").GetInt32(),
            stored.GetProperty("height").GetInt32(), (int)stored.GetProperty("size").GetInt64()));
        var uuid = stored.GetProperty("uuid").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", uuid);
        var url = stored.GetProperty("url").GetString()!;
        Assert.Equal($"/files/{Server.DefaultApp.SdkAppId}/{uuid}", url);

        using var download = await http.GetAsync(new Uri($"{url}?identifier=up_bob&usersig={Uri.EscapeDataString(Server.UserSig("up_bob"))}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Uploads_without_a_valid_usersig_of_a_wrong_type_or_lying_about_it_are_refused()
    {
        using var http = Server.CreateClient();
        using var noSig = await http.PostAsync(new Uri($"/upload?sdkappid={Server.DefaultApp.SdkAppId}&identifier=x", UriKind.Relative), Body(Png(1, 1), "image/png"));
        using var badSig = await http.PostAsync(new Uri($"/upload?sdkappid={Server.DefaultApp.SdkAppId}&identifier=x&usersig=nope", UriKind.Relative), Body(Png(1, 1), "image/png"));
        using var script = await http.PostAsync(UploadUri("up_carol", "x.html"), Body("<script>"u8.ToArray(), "text/html"));
        using var fake = await http.PostAsync(UploadUri("up_carol", "fake.png"), Body("not a png at all"u8.ToArray(), "image/png"));
        using var jpegAsPng = await http.PostAsync(UploadUri("up_carol", "j.png"), Body(Jpeg(8, 4), "image/png"));
        using var jpeg = await http.PostAsync(UploadUri("up_carol", "j.jpg"), Body(Jpeg(8, 4), "image/jpeg"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (noSig.StatusCode, badSig.StatusCode));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, script.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (fake.StatusCode, jpegAsPng.StatusCode));
        var stored = JsonDocument.Parse(await jpeg.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("jpg", 8, 4), (stored.GetProperty("imageFormat").GetString(), stored.GetProperty("width").GetInt32(), stored.GetProperty("height").GetInt32()));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_and_nothing_is_kept()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Uploads:MaxBytes"] = "2048" });
        using var http = server.CreateClient();
        var uri = new Uri($"/upload?sdkappid={server.DefaultApp.SdkAppId}&identifier=big&usersig={Uri.EscapeDataString(server.UserSig("big"))}", UriKind.Relative);

        using var declared = await http.PostAsync(uri, Body(new byte[4096], "application/octet-stream"));
        using var chunked = await http.PostAsync(uri, new StreamContent(new MemoryStream(new byte[4096])) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        var directory = Path.Combine(server.DataDirectory, "uploads", server.DefaultApp.SdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(!Directory.Exists(directory) || Directory.GetFiles(directory).Length == 0);
    }

    [Fact]
    public async Task Downloads_are_for_users_of_the_same_app_and_only_of_names_the_server_made()
    {
        using var http = Server.CreateClient();
        using var response = await http.PostAsync(UploadUri("up_dave", "a.txt"), Body("hello"u8.ToArray(), "text/plain"));
        var uuid = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("uuid").GetString();
        var sig = Uri.EscapeDataString(Server.UserSig("up_erin"));

        using var anonymous = await http.GetAsync(new Uri($"/files/{Server.DefaultApp.SdkAppId}/{uuid}", UriKind.Relative));
        using var otherApp = await http.GetAsync(new Uri($"/files/{Server.DefaultApp.SdkAppId + 1}/{uuid}?identifier=up_erin&usersig={sig}", UriKind.Relative));
        using var traversal = await http.GetAsync(new Uri($"/files/{Server.DefaultApp.SdkAppId}/..%2f..%2fparley.db?identifier=up_erin&usersig={sig}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherApp.StatusCode); // the userSig is of another app (70xxx)
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }

    private Uri UploadUri(string identifier, string name) =>
        new($"/upload?sdkappid={Server.DefaultApp.SdkAppId}&identifier={identifier}&usersig={Uri.EscapeDataString(Server.UserSig(identifier))}&name={name}", UriKind.Relative);

    private static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    /// <summary>A PNG signature and IHDR chunk (enough for the header; the image data is not needed to read its size).</summary>
    private static byte[] Png(int width, int height)
    {
        var bytes = new byte[33];
        ((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        bytes[24] = 8;
        bytes[25] = 6;
        return bytes;
    }

    /// <summary>SOI, an APP0 segment, then SOF0 with the size (ITU T.81 B.2.2).</summary>
    private static byte[] Jpeg(int width, int height)
    {
        byte[] head = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
            0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9];
        return head;
    }
}
