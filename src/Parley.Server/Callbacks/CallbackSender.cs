using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Parley.Server.Callbacks;

/// <summary>
/// Posts one callback request (docs/callbacks.md §1): the JSON body with <c>Sign</c> and <c>SdkAppId</c> headers, and
/// for IM-shaped callbacks the vendor's query parameters (<c>SdkAppid</c>, <c>CallbackCommand</c>,
/// <c>contenttype=json</c>). Success is any 2xx answer within the timeout. The timeout runs on the real clock on
/// purpose: it bounds waiting on a socket, and a test's fake clock must not make it fire early or never.
/// </summary>
public sealed class CallbackSender : IDisposable
{
    /// <summary>The most of an answer read (the before-send verdict); the rest is ignored.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        // Receivers behind DNS changes are found again; redirects are not followed (a callback URL is exact).
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The <c>User-Agent</c> of every request.</summary>
    public const string UserAgent = "Parley-Callbacks/1";

    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="url"/>. Never throws for the receiver's failures: they come back
    /// as an unsuccessful result with a short reason. Throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> (the server stopping) ends it.
    /// </summary>
    public async Task<CallbackResult> PostAsync(CallbackRequest request, TimeSpan timeout, bool readAnswer, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(request.Body);
        using var message = new HttpRequestMessage(HttpMethod.Post, WithQuery(request));
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.TryAddWithoutValidation("Sign", CallbackSigner.Sign(request.SigningKey, body));
        message.Headers.TryAddWithoutValidation("SdkAppId", request.SdkAppId.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (request.EventId is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Parley-Event-Id", request.EventId);
            message.Headers.TryAddWithoutValidation("X-Parley-Attempt", request.Attempt.ToString(CultureInfo.InvariantCulture));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            string? answer = null;
            if (readAnswer)
            {
                answer = await ReadLimitedAsync(response.Content, deadline.Token);
            }

            return response.IsSuccessStatusCode
                ? new CallbackResult(true, status, null, answer)
                : new CallbackResult(false, status, $"HTTP {status}", answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CallbackResult(false, 0, $"no answer within {timeout.TotalMilliseconds:0} ms", null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else goes wrong with one request (an odd URL, a protocol violation) is that request's failure.
            return new CallbackResult(false, 0, Short(e), null);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The URL with the IM callback's query parameters appended to whatever query it has.</summary>
    private static Uri WithQuery(CallbackRequest request)
    {
        var url = new Uri(request.Url, UriKind.Absolute);
        if (request.Command is null)
        {
            return url;
        }

        var query = $"SdkAppid={request.SdkAppId.ToString(CultureInfo.InvariantCulture)}&CallbackCommand={Uri.EscapeDataString(request.Command)}&contenttype=json";
        if (request.OptPlatform is { } platform)
        {
            query += "&OptPlatform=" + Uri.EscapeDataString(platform);
        }

        var builder = new UriBuilder(url);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri;
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static string Short(Exception e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        return message.Length <= 200 ? message : message[..200];
    }
}
