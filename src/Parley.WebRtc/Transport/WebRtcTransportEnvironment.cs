using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Dtls;
using Parley.Srtp;

namespace Parley.WebRtc.Transport;

/// <summary>What every transport of one port shares: clock, logging, certificate, candidates and timeouts. Built once by the port.</summary>
internal sealed record WebRtcTransportEnvironment(
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory,
    DtlsCertificate Certificate,
    int Port,
    IReadOnlyList<IPAddress> AnnouncedAddresses,
    IReadOnlyList<SrtpProfile> SrtpProfiles,
    TimeSpan ConnectTimeout,
    TimeSpan ConsentTimeout,
    LocalCandidateTransports CandidateTransports = LocalCandidateTransports.Udp);
