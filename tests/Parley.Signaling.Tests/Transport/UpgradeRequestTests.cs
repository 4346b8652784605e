using System.Buffers;
using System.Text;
using Parley.Signaling.Sessions.Transport;

namespace Parley.Signaling.Tests.Transport;

public sealed class UpgradeRequestTests
{
    private const string ValidHead = "GET /ws HTTP/1.1\r\nHost: localhost:7400\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://localhost:7400";

    [Theory]
    [InlineData("GET /ws HTTP/1.1\r\n", true)]
    [InlineData("GET /ws?sdkAppId=1 HTTP/1.1\r\n", true)]
    [InlineData("GET /wsx HTTP/1.1\r\n", false)]
    [InlineData("GET /healthz HTTP/1.1\r\n", false)]
    [InlineData("POST /ws HTTP/1.1\r\n", false)]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001", false)] // a TLS ClientHello: passed on to Kestrel
    [InlineData("GET /w", null)] // too few bytes to tell yet
    [InlineData("PRI", false)]
    public void A_connection_is_taken_over_only_when_its_request_line_names_ws(string start, bool? expected) =>
        Assert.Equal(expected, UpgradeRequest.IsForSignaling(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(start))));

    [Fact]
    public void A_valid_handshake_gives_its_key() =>
        Assert.Equal("dGhlIHNhbXBsZSBub25jZQ==", UpgradeRequest.TryGetKey(Encoding.ASCII.GetBytes(ValidHead)));

    [Theory]
    [InlineData("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8")]
    [InlineData("Upgrade: websocket", "Upgrade: h2c")]
    [InlineData("Connection: keep-alive, Upgrade", "Connection: keep-alive")]
    [InlineData("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Key: c2hvcnQ=")] // 5 bytes, not 16
    [InlineData("GET /ws HTTP/1.1", "GET /ws HTTP/1.0")]
    [InlineData("Host: localhost:7400", "no colon here")]
    public void RFC_6455_section_4_2_1_is_checked_before_upgrading(string part, string replacement) =>
        Assert.Null(UpgradeRequest.TryGetKey(Encoding.ASCII.GetBytes(ValidHead.Replace(part, replacement, StringComparison.Ordinal))));

    [Fact]
    public void The_accept_value_is_the_one_of_RFC_6455_section_1_3() =>
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", UpgradeRequest.AcceptValue("dGhlIHNhbXBsZSBub25jZQ=="));
}
