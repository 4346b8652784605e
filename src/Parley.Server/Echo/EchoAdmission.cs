namespace Parley.Server.Echo;

/// <summary>The answer of <see cref="EchoSessions.TryReserve"/>.</summary>
public enum EchoAdmission
{
    Admitted,

    /// <summary><c>Echo:MaxSessions</c> sessions are running.</summary>
    ServerFull,

    /// <summary>This client address already holds <c>Echo:MaxSessionsPerAddress</c> sessions.</summary>
    AddressFull,
}
