using System.Text.Json;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>Reading JSON-RPC responses in tests.</summary>
public static class JsonRpcAssertions
{
    /// <summary>The <c>result</c> of a success response; fails the test on an error response.</summary>
    public static JsonElement Result(this JsonElement response)
    {
        if (response.TryGetProperty("error", out var error))
        {
            Assert.Fail("Expected a result but got error " + error.GetRawText());
        }
        return response.GetProperty("result");
    }

    /// <summary>The <c>error.code</c> of an error response; fails the test on a success response.</summary>
    public static int ErrorCode(this JsonElement response)
    {
        if (!response.TryGetProperty("error", out var error))
        {
            Assert.Fail("Expected an error but got " + response.GetRawText());
        }
        return error.GetProperty("code").GetInt32();
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static JsonElement Params(this JsonElement notification) => notification.GetProperty("params");
}
