namespace Parley.Server.Echo;

/// <summary>The echo connection test (<c>Echo</c> section). It is offered when enabled here or in developer mode.</summary>
public sealed class EchoOptions
{
    public const string SectionName = "Echo";

    /// <summary><c>Echo:Enabled</c>: offer <c>/echo</c> and <c>/api/echo</c> outside developer mode.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>Echo:MaxSessions</c>: concurrent echo sessions allowed (each costs a transport and bandwidth).</summary>
    public int MaxSessions { get; set; } = 200;
}
