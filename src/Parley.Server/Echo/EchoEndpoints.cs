using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Protocol.Errors;
using Parley.Sdp;
using Parley.Server.Admin;
using Parley.Signaling.Login;
using Parley.Srtp;
using Parley.Server.Hosting;
using Parley.WebRtc;
using Parley.Server.Media;
using Parley.WebRtc.Echo;
using Parley.WebRtc.Negotiation;
using Parley.WebRtc.Transport;

namespace Parley.Server.Echo;

/// <summary>
/// The echo connection test: <c>POST /api/echo</c> takes a browser's SDP offer and answers with a transport that
/// returns every packet (the WHIP exchange shape of RFC 9725: 201 + answer + Location for DELETE),
/// <c>GET /api/echo/{id}/stats</c> reports it, and <c>GET /echo</c> serves the test page.
/// </summary>
public static class EchoEndpoints
{
    public const string ApiPath = "/api/echo";
    public const string SdpContentType = "application/sdp";

    /// <summary>Offers are a few KB; anything much larger is not an SDP offer.</summary>
    private const int MaxOfferBytes = 64 * 1024;

    /// <summary>Maps the echo endpoints when <c>Parley:DevMode</c> or <c>Echo:Enabled</c> is set; otherwise maps nothing.</summary>
    public static IEndpointRouteBuilder MapParleyEcho(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        bool dev = services.GetRequiredService<IOptions<ParleyOptions>>().Value.DevMode;
        bool enabled = services.GetRequiredService<IOptions<EchoOptions>>().Value.Enabled;
        if (!dev && !enabled)
        {
            return endpoints;
        }

        endpoints.MapPost(ApiPath, CreateAsync).WithName("EchoCreate").WithTags("Echo");
        endpoints.MapDelete(ApiPath + "/{id}", Delete).WithName("EchoDelete").WithTags("Echo");
        endpoints.MapGet(ApiPath + "/{id}/stats", GetStats).WithName("EchoStats").WithTags("Echo");
        endpoints.MapGet("/echo", ServePage).WithName("EchoPage").WithTags("Echo").ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, MediaServerAccessor media, EchoSessions sessions, UserSigAuthenticator authenticator, IOptions<ParleyOptions> options,
        string? srtpProfiles, long? sdkAppId, string? identifier, string? userSig)
    {
        var request = context.Request;
        if (!options.Value.DevMode && await CheckUserSigAsync(authenticator, sdkAppId, identifier, userSig, context.RequestAborted) is { } refused)
        {
            return refused;
        }

        if (request.ContentType is null || !request.ContentType.StartsWith(SdpContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem($"The body must be an SDP offer with Content-Type {SdpContentType}.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > MaxOfferBytes)
        {
            return Results.Problem("The offer is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        string offerText;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            var buffer = new char[MaxOfferBytes + 1];
            int read = await reader.ReadBlockAsync(buffer, context.RequestAborted);
            if (read > MaxOfferBytes)
            {
                return Results.Problem("The offer is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            offerText = new string(buffer, 0, read);
        }

        if (!SessionDescription.TryParse(offerText, out var offer, out var parseError))
        {
            return Results.Problem($"The offer is not valid SDP: {parseError}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!SdpTransportInfo.TryFrom(offer!, out var remote, out var transportError))
        {
            return Results.Problem($"The offer lacks ICE/DTLS parameters: {transportError}", statusCode: StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<SrtpProfile>? profiles = null;
        if (!string.IsNullOrWhiteSpace(srtpProfiles))
        {
            try
            {
                profiles = SrtpProfileNames.ParseList(srtpProfiles);
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        }

        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        switch (sessions.TryReserve(address))
        {
            case EchoAdmission.ServerFull:
                return Results.Problem("Too many echo sessions are running; try again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
            case EchoAdmission.AddressFull:
                return ApiErrors.TooManyRequests("This address already holds the most echo sessions allowed (Echo:MaxSessionsPerAddress); stop one first.");
        }

        var server = media.Server;
        var transport = server.CreateTransport(new WebRtcTransportSettings
        {
            RemoteUsernameFragment = remote!.IceUfrag,
            RemoteFingerprint = remote.Fingerprint,
            SrtpProfiles = profiles,
        });

        // The echo sends back exactly what it receives, so every section is answered sendrecv (the mirror policy).
        if (!MediaSdpPolicy.Default.TryAnswer(offer!, transport, AnswerDirectionPolicies.Mirror, out var negotiation, out var answerError))
        {
            transport.Close();
            sessions.Release(address);
            return Results.Problem($"Cannot answer the offer: {answerError}", statusCode: StatusCodes.Status400BadRequest);
        }

        sessions.Add(transport, EchoClockRates.FromNegotiation(negotiation.Sdp), address);
        var location = $"{ApiPath}/{transport.Id}";
        context.Response.Headers.Location = location;
        return Results.Text(negotiation.LocalDescription, SdpContentType, Encoding.UTF8, StatusCodes.Status201Created);
    }

    /// <summary>Outside developer mode the echo costs a transport and bandwidth: only a user of an app may start one.</summary>
    private static async Task<IResult?> CheckUserSigAsync(
        UserSigAuthenticator authenticator, long? sdkAppId, string? identifier, string? userSig, CancellationToken cancellationToken)
    {
        if (sdkAppId is not { } app || string.IsNullOrEmpty(identifier) || string.IsNullOrEmpty(userSig))
        {
            return Results.Json(
                new ApiError(ErrorCodes.UserSigEmpty, "Outside developer mode the echo test needs the sdkAppId, identifier and userSig query parameters."),
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var check = await authenticator.CheckAsync(app, identifier, userSig, cancellationToken);
        return check.IsValid ? null : Results.Json(new ApiError(check.ErrorCode, check.ErrorMessage), statusCode: StatusCodes.Status401Unauthorized);
    }

    private static IResult Delete(string id, EchoSessions sessions)
    {
        if (!sessions.TryGet(id, out var transport))
        {
            return Results.NotFound();
        }

        transport.Close();
        return Results.Ok();
    }

    private static IResult GetStats(string id, EchoSessions sessions) =>
        sessions.TryGet(id, out var transport) ? Results.Ok(transport.GetStats()) : Results.NotFound();

    private static IResult ServePage(IOptions<ParleyOptions> options, IWebHostEnvironment environment)
    {
        var root = WebRootLocator.Find(options.Value.WebRoot, environment.ContentRootPath, AppContext.BaseDirectory);
        var path = root is null ? null : Path.Combine(root, "echo.html");
        return path is not null && File.Exists(path)
            ? Results.File(path, "text/html; charset=utf-8")
            : Results.Problem("web/echo.html was not found; set Parley:WebRoot.", statusCode: StatusCodes.Status404NotFound);
    }
}
