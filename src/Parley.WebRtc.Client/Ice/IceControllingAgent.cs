using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Parley.Stun;
using Parley.WebRtc.Ice;

namespace Parley.WebRtc.Client.Ice;

/// <summary>
/// The controlling side of ICE against an ICE-lite server (RFC 8445 §6.1.1, §7.2): sends connectivity checks to
/// each remote candidate with USE-CANDIDATE (aggressive nomination is fine against a lite peer), ICE-CONTROLLING,
/// PRIORITY and MESSAGE-INTEGRITY keyed with the remote password, retransmits them, and picks the first
/// candidate that answers with a response whose integrity verifies. Dispose it with the connection.
/// </summary>
public sealed class IceControllingAgent : IDisposable
{
    // https://www.rfc-editor.org/rfc/rfc8445#section-5.1.2.1 — priority = 2^24 * type pref + 2^8 * local pref + 256 - component.
    private const uint HostPriority = (126u << 24) | (65535u << 8) | 255u;

    /// <summary>Room for a check: header, USERNAME (≤ 2×256+1), PRIORITY, USE-CANDIDATE, ICE-CONTROLLING, MI, FINGERPRINT.</summary>
    public const int MaxCheckLength = 20 + 4 + 516 + 8 + 4 + 12 + 24 + 8;

    private readonly Dictionary<StunTransactionId, IPEndPoint> _pending = [];
    private readonly Lock _lock = new();

    // The remote ice-pwd prepared once as an HMAC context: every check and response of the session reuses it.
    private readonly StunMessageIntegrityKey _remotePasswordKey;
    private readonly string _remoteUfrag;

    public IceControllingAgent(IceCredentials local, string remoteUfrag, string remotePassword)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        ArgumentException.ThrowIfNullOrEmpty(remotePassword);
        Local = local;
        _remoteUfrag = remoteUfrag;
        TieBreaker = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));
        _remotePasswordKey = new StunMessageIntegrityKey(System.Text.Encoding.UTF8.GetBytes(remotePassword));
    }

    public IceCredentials Local { get; }

    /// <summary>Our ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.1).</summary>
    public ulong TieBreaker { get; }

    /// <summary>The remote candidate whose check succeeded first; null until then.</summary>
    public IPEndPoint? Selected { get; private set; }

    /// <summary>Successful responses received (including consent refreshes after selection).</summary>
    public long SuccessfulChecks { get; private set; }

    /// <summary>Writes a new check for <paramref name="remote"/>, remembers its transaction, and returns its length.</summary>
    public int WriteCheck(IPEndPoint remote, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var transaction = StunTransactionId.NewRandom();
        int length = IceStunMessages.WriteBindingRequest(
            destination,
            transaction,
            _remoteUfrag,
            Local.UsernameFragment,
            _remotePasswordKey,
            HostPriority,
            IceRole.Controlling,
            TieBreaker,
            useCandidate: true);
        lock (_lock)
        {
            // Old transactions of unanswered retransmissions stay valid: a late answer still proves the path.
            if (_pending.Count > 256)
            {
                _pending.Clear();
            }

            _pending[transaction] = remote;
        }

        return length;
    }

    /// <summary>
    /// Handles a STUN datagram from the network; true when it was a success response to one of our checks with
    /// valid integrity (and <see cref="Selected"/> is then set). Never throws on wire input.
    /// </summary>
    public bool OnStunResponse(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var message)
            || message.Method != StunMethod.Binding
            || message.Class != StunMessageClass.SuccessResponse
            || !message.VerifyMessageIntegrity(_remotePasswordKey))
        {
            return false;
        }

        lock (_lock)
        {
            if (!_pending.Remove(message.TransactionId, out var remote))
            {
                return false;
            }

            Selected ??= remote;
            SuccessfulChecks++;
            return true;
        }
    }

    public void Dispose() => _remotePasswordKey.Dispose();
}
