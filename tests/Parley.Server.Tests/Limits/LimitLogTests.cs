using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Parley.Protocol.Errors;
using Parley.Server.Tests.Security;
using Parley.Testing;

namespace Parley.Server.Tests.Limits;

/// <summary>Refusals by abuse limits are logged without flooding the log (docs/limits.md "Logging").</summary>
public sealed class LimitLogTests
{
    private const int RefusedEvent = 5500;
    private const int RefusedSummaryEvent = 5501;
    private const int ForwardedHeaderIgnoredEvent = 5503;

    [Fact]
    public async Task A_burst_of_refusals_logs_one_line_then_one_summary_per_minute()
    {
        var log = new CapturedLog();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ParleyTestServer.StartAsync(builder => builder.Logging.AddProvider(log), time: time, settings: new Dictionary<string, string?>
        {
            ["Limits:TrustedProxies:0"] = "127.0.0.1",
            ["Limits:LoginPerAddress:Burst"] = "1",
            ["Limits:LoginPerAddress:PerSecond"] = "0.01",
        });

        var codes = new List<int>();
        await using (var socket = await RawSignaling.ConnectAsync(server, "203.0.113.90"))
        {
            for (var i = 0; i < 30; i++)
            {
                codes.Add(LimitAnswers.Code(await socket.LoginAsync(server.DefaultApp.SdkAppId, "log_user", "bad-sig")));
            }
        }

        Assert.Equal(29, codes.Count(code => code == ErrorCodes.LoginLimitedPerAddress));
        var first = Assert.Single(log.Entries, e => e.EventId == RefusedEvent);
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Contains("login_ip", first.Message, StringComparison.Ordinal);
        Assert.Contains("203.0.113.90", first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.EventId == RefusedSummaryEvent);

        time.Advance(TimeSpan.FromSeconds(61));
        await using (var socket = await RawSignaling.ConnectAsync(server, "203.0.113.90"))
        {
            Assert.Equal(ErrorCodes.LoginLimitedPerAddress, LimitAnswers.Code(await socket.LoginAsync(server.DefaultApp.SdkAppId, "log_user", "bad-sig")));
        }

        var summary = Assert.Single(log.Entries, e => e.EventId == RefusedSummaryEvent);
        Assert.Contains("28 more", summary.Message, StringComparison.Ordinal);
        Assert.Equal(2, log.Entries.Count(e => e.EventId == RefusedEvent));
    }

    [Fact]
    public async Task A_forwarded_header_without_trusted_proxies_is_ignored_with_one_warning()
    {
        var log = new CapturedLog();
        await using var server = await ParleyTestServer.StartAsync(builder => builder.Logging.AddProvider(log));

        for (var i = 0; i < 3; i++)
        {
            using var http = server.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", "198.51.100.99");
            using var response = await http.SendAsync(request);
        }

        var warning = Assert.Single(log.Entries, e => e.EventId == ForwardedHeaderIgnoredEvent);
        Assert.Contains("Limits:TrustedProxies", warning.Message, StringComparison.Ordinal);
    }
}
