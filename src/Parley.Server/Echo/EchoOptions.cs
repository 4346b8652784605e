namespace Parley.Server.Echo;

/// <summary>
/// The echo connection test (<c>Echo</c> section). It is offered when enabled here or in developer mode; outside
/// developer mode a request must carry a valid userSig (<c>sdkAppId</c>, <c>identifier</c>, <c>userSig</c> query
/// parameters).
/// </summary>
public sealed class EchoOptions
{
    public const string SectionName = "Echo";

    /// <summary><c>Echo:Enabled</c>: offer <c>/echo</c> and <c>/api/echo</c> outside developer mode.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>Echo:MaxSessions</c>: concurrent echo sessions allowed (each costs a transport and bandwidth).</summary>
    public int MaxSessions { get; set; } = 200;

    /// <summary>
    /// <c>Echo:MaxSessionsPerAddress</c>: concurrent echo sessions one client IP address may hold (429, code 91007,
    /// beyond), so one client cannot take every slot.
    /// </summary>
    public int MaxSessionsPerAddress { get; set; } = 4;
}
