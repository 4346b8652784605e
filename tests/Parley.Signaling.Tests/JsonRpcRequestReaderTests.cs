using System.Text;
using Parley.Signaling.JsonRpc;

namespace Parley.Signaling.Tests;

public sealed class JsonRpcRequestReaderTests
{
    private static JsonRpcParseStatus Read(string text, out JsonRpcRequest request)
    {
        var status = JsonRpcRequestReader.TryRead(Encoding.UTF8.GetBytes(text), out var document, out request);
        document?.Dispose();
        return status;
    }

    [Fact]
    public void A_request_keeps_its_id_text_method_and_params()
    {
        var status = JsonRpcRequestReader.TryRead("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"method\":\"joinRoom\",\"params\":{\"roomId\":5}}"u8.ToArray(), out var document, out var request);
        using (document)
        {
            Assert.Equal(JsonRpcParseStatus.Request, status);
            Assert.Equal("\"a\\\"b\"", request.RawId);
            Assert.Equal("joinRoom", request.Method);
            Assert.True(request.HasParams);
            Assert.Equal(5, request.Params.GetProperty("roomId").GetInt32());
        }
    }

    [Fact]
    public void A_request_without_id_is_a_notification()
    {
        Assert.Equal(JsonRpcParseStatus.Notification, Read("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}", out _));
    }

    [Fact]
    public void Null_params_count_as_absent()
    {
        Assert.Equal(JsonRpcParseStatus.Request, Read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":null}", out var request));
        Assert.False(request.HasParams);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":}")]
    [InlineData("\u00ff")]
    public void Text_that_is_not_JSON_is_a_parse_error(string text) =>
        Assert.Equal(JsonRpcParseStatus.ParseError, Read(text, out _));

    [Fact]
    public void Invalid_UTF8_outside_strings_is_a_parse_error()
    {
        var status = JsonRpcRequestReader.TryRead(new byte[] { 0xFF, 0xFE, (byte)'{', (byte)'}' }, out var document, out _);
        Assert.Null(document);
        Assert.Equal(JsonRpcParseStatus.ParseError, status);
    }

    [Fact]
    public void Invalid_UTF8_inside_the_method_or_id_is_an_invalid_request_not_an_exception()
    {
        byte[] Frame(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(after)];
        foreach (var frame in new[]
        {
            Frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"", "\"}"),
            Frame("{\"jsonrpc\":\"2.0\",\"id\":\"", "\",\"method\":\"ping\"}"),
        })
        {
            var status = JsonRpcRequestReader.TryRead(frame, out var document, out _);
            document?.Dispose();
            Assert.NotEqual(JsonRpcParseStatus.Request, status);
        }
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_parse_error()
    {
        var deep = new string('[', 100) + new string(']', 100);
        Assert.Equal(JsonRpcParseStatus.ParseError, Read(deep, out _));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("true")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}")]
    [InlineData("{\"jsonrpc\":\"2.00\",\"id\":1,\"method\":\"ping\"}")]
    public void Structurally_wrong_requests_are_invalid(string text) =>
        Assert.Equal(JsonRpcParseStatus.InvalidRequest, Read(text, out _));

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1234);
        var buffer = new byte[64];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(buffer);
            var status = JsonRpcRequestReader.TryRead(buffer.AsMemory(0, random.Next(buffer.Length)), out var document, out _);
            document?.Dispose();
            Assert.True(Enum.IsDefined(status));
        }
    }
}
