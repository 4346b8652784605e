using System.Text.Json;

namespace Parley.Server.Tests.Limits;

/// <summary>Reading JSON-RPC answers in limit tests.</summary>
internal static class LimitAnswers
{
    public static bool IsResult(JsonElement answer) => answer.TryGetProperty("result", out _);

    /// <summary>The error code, or 0 for a result.</summary>
    public static int Code(JsonElement answer) =>
        answer.TryGetProperty("error", out var error) ? error.GetProperty("code").GetInt32() : 0;

    /// <summary>Asserts a refusal by <paramref name="limit"/> with <paramref name="code"/> and a positive retry-after; returns that wait.</summary>
    public static TimeSpan AssertLimited(JsonElement answer, int code, string limit)
    {
        Assert.True(answer.TryGetProperty("error", out var error), answer.ToString());
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        var data = error.GetProperty("data");
        Assert.Equal(limit, data.GetProperty("limit").GetString());
        var retryAfterMs = data.GetProperty("retryAfterMs").GetInt64();
        Assert.InRange(retryAfterMs, 1, 60_000);
        return TimeSpan.FromMilliseconds(retryAfterMs);
    }
}
