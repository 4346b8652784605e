namespace Parley.Browser.Tests;

/// <summary>The subset of the echo page's <c>window.parleyEcho</c> the browser test reads.</summary>
internal sealed record EchoPageState(
    string State,
    string? Error,
    string? OfferSdp,
    string? SrtpCipher,
    double VideoFramesDecoded,
    double AudioPacketsReceived,
    string? ServerSrtpProfile,
    string? ServerOfferedProfiles,
    double? BrowserRoundTripTime,
    double? ServerRoundTripTimeMs,
    double? VideoJitter,
    double? ServerVideoJitter,
    double? AudioJitter,
    double? ServerAudioJitter);
