namespace Parley.Dtls;

/// <summary>Alerts seen by a BouncyCastle peer, kept so a failure can be explained and close_notify noticed.</summary>
internal sealed class DtlsPeerEvents
{
    private const short CloseNotify = 0;

    /// <summary>Last alert we raised (level, description, message).</summary>
    public (short Level, short Description, string? Message)? LastRaised { get; private set; }

    /// <summary>Last alert the peer sent.</summary>
    public (short Level, short Description)? LastReceived { get; private set; }

    /// <summary>Set when the peer sent close_notify.</summary>
    public bool PeerClosed { get; private set; }

    public event Action? PeerClosedNotified;

    public void OnAlertRaised(short level, short description, string? message) => LastRaised = (level, description, message);

    public void OnAlertReceived(short level, short description)
    {
        LastReceived = (level, description);
        if (description == CloseNotify)
        {
            PeerClosed = true;
            PeerClosedNotified?.Invoke();
        }
    }
}
