using System.Text;
using Parley.Client.Internal;

namespace Parley.Client.Tests;

public class JsonRpcFrameTests
{
    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("[1,2,3]")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("{}")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"result\":{}}")]
    [InlineData("{\"jsonrpc\":2.0,\"id\":1,\"result\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"result\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"result\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":99999999999999999999999,\"result\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"result\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":42}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":{}}")]
    public void Frames_that_are_not_protocol_JSON_RPC_are_rejected_without_throwing(string text)
    {
        Assert.False(JsonRpcFrame.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Deeply_nested_frames_are_rejected_without_throwing()
    {
        var text = "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":" + new string('[', 200) + new string(']', 200) + "}";
        Assert.False(JsonRpcFrame.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1234);
        var buffer = new byte[64];
        for (var i = 0; i < 5_000; i++)
        {
            random.NextBytes(buffer);
            if (JsonRpcFrame.TryParse(buffer.AsMemory(0, random.Next(buffer.Length)), out var frame))
            {
                frame.Dispose();
            }
        }
    }

    [Fact]
    public void A_result_is_read_as_a_response_to_its_id()
    {
        Assert.True(JsonRpcFrame.TryParse("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"serverTime\":5}}"u8.ToArray(), out var frame));
        using (frame)
        {
            Assert.Equal(JsonRpcFrameKind.Response, frame.Kind);
            Assert.Equal(7, frame.Id);
            Assert.False(frame.IsError);
            Assert.Equal(5, frame.Payload.GetProperty("serverTime").GetInt64());
        }
    }

    [Fact]
    public void An_error_becomes_a_ParleyException_with_code_message_and_data()
    {
        Assert.True(JsonRpcFrame.TryParse("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-3318,\"message\":\"bad room\",\"data\":{\"max\":10000000}}}"u8.ToArray(), out var frame));
        using (frame)
        {
            Assert.True(frame.IsError);
            var error = JsonRpcFrame.ToException(frame.Payload);
            Assert.Equal(-3318, error.Code);
            Assert.Equal("bad room", error.Message);
            Assert.Equal("{\"max\":10000000}", error.ErrorData);
        }
    }

    [Fact]
    public void An_error_without_an_id_is_an_orphan_error()
    {
        Assert.True(JsonRpcFrame.TryParse("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse\"}}"u8.ToArray(), out var frame));
        using (frame)
        {
            Assert.Equal(JsonRpcFrameKind.OrphanError, frame.Kind);
        }
    }

    [Fact]
    public void A_notification_carries_its_method_and_params()
    {
        Assert.True(JsonRpcFrame.TryParse("{\"jsonrpc\":\"2.0\",\"method\":\"memberExited\",\"params\":{\"roomId\":1}}"u8.ToArray(), out var frame));
        using (frame)
        {
            Assert.Equal(JsonRpcFrameKind.Notification, frame.Kind);
            Assert.Equal("memberExited", frame.Method);
            Assert.Equal(1, frame.Payload.GetProperty("roomId").GetInt64());
        }
    }

    [Fact]
    public void A_malformed_error_object_still_yields_an_exception()
    {
        Assert.True(JsonRpcFrame.TryParse("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\"}}"u8.ToArray(), out var frame));
        using (frame)
        {
            var error = JsonRpcFrame.ToException(frame.Payload);
            Assert.Equal(Protocol.Errors.ErrorCodes.InternalError, error.Code);
        }
    }
}
