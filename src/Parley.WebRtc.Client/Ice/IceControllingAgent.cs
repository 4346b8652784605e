using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Parley.Stun;
using Parley.WebRtc.Ice;

namespace Parley.WebRtc.Client.Ice;

/// <summary>
/// The client's full ICE agent, controlling by default (RFC 8445 §6.1.1, §7.2, §7.3): it sends connectivity checks to
/// each remote candidate with USE-CANDIDATE (aggressive nomination, fine against lite and full peers alike),
/// answers the peer's checks (a full agent such as Janus only nominates a pair it has checked itself), sends a
/// triggered check back to whoever checked us, and picks the first pair whose check succeeded. A role conflict
/// is resolved by the tie-breakers (§7.3.1.1); losing it makes us controlled, and then we stop nominating.
/// Thread-safe: the connect loop, the receive loop and the consent timer use it concurrently. Dispose it with the connection.
/// </summary>
public sealed class IceControllingAgent : IDisposable
{
    // https://www.rfc-editor.org/rfc/rfc8445#section-7.1.1 — a check's PRIORITY is the one a peer-reflexive
    // candidate of ours would get (§5.1.2.1: 2^24 * type pref 110 + 2^8 * local pref + 256 - component).
    private const uint PeerReflexivePriority = (110u << 24) | (65535u << 8) | 255u;

    /// <summary>Room for a check: header, USERNAME (≤ 2×256+1), PRIORITY, USE-CANDIDATE, ICE-CONTROLLING, MI, FINGERPRINT.</summary>
    public const int MaxCheckLength = 20 + 4 + 516 + 8 + 4 + 12 + 24 + 8;

    /// <summary>Room for our answer to a check: a success (<see cref="IceLiteChecks.MaxResponseLength"/>) or a 487 error.</summary>
    public const int MaxResponseLength = 20 + 4 + 4 + 64 + 24 + 8;

    /// <summary>Remote candidates we keep checking at most (the offer's plus peer-reflexive ones).</summary>
    private const int MaxRemoteCandidates = 32;

    private readonly Dictionary<StunTransactionId, IPEndPoint> _pending = [];
    private readonly List<IPEndPoint> _remoteCandidates = [];
    private readonly Lock _lock = new();

    // The remote ice-pwd prepared once as an HMAC context: every check and response of the session reuses it.
    private readonly StunMessageIntegrityKey _remotePasswordKey;

    // Our own ice-pwd: incoming checks are signed with it, and so are our answers (RFC 8445 §7.3.1.4).
    private readonly StunMessageIntegrityKey _localPasswordKey;
    private readonly string _remoteUfrag;
    private readonly byte[] _remoteUfragUtf8;
    private IceRole _role = IceRole.Controlling;

    public IceControllingAgent(IceCredentials local, string remoteUfrag, string remotePassword)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        ArgumentException.ThrowIfNullOrEmpty(remotePassword);
        Local = local;
        _remoteUfrag = remoteUfrag;
        _remoteUfragUtf8 = System.Text.Encoding.UTF8.GetBytes(remoteUfrag);
        TieBreaker = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));
        _remotePasswordKey = new StunMessageIntegrityKey(System.Text.Encoding.UTF8.GetBytes(remotePassword));
        _localPasswordKey = new StunMessageIntegrityKey(local.PasswordKey.Span);
    }

    public IceCredentials Local { get; }

    /// <summary>Our ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.1).</summary>
    public ulong TieBreaker { get; }

    /// <summary>Our role now: controlling unless a role conflict was lost.</summary>
    public IceRole Role
    {
        get
        {
            lock (_lock)
            {
                return _role;
            }
        }
    }

    /// <summary>The remote candidate whose check succeeded first; null until then.</summary>
    public IPEndPoint? Selected { get; private set; }

    /// <summary>Successful responses received (including consent refreshes after selection).</summary>
    public long SuccessfulChecks { get; private set; }

    /// <summary>Valid checks from the peer that we answered with a success.</summary>
    public long AnsweredChecks { get; private set; }

    /// <summary>Checks from the peer refused (bad USERNAME, integrity, or a 487 role conflict).</summary>
    public long RefusedChecks { get; private set; }

    /// <summary>The candidates being checked: those added with <see cref="AddRemoteCandidate"/> and peer-reflexive ones.</summary>
    public IReadOnlyList<IPEndPoint> RemoteCandidates
    {
        get
        {
            lock (_lock)
            {
                return [.. _remoteCandidates];
            }
        }
    }

    /// <summary>Adds a candidate to check (from the peer's SDP); false when it is already known or the list is full.</summary>
    public bool AddRemoteCandidate(IPEndPoint candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        lock (_lock)
        {
            if (_remoteCandidates.Count >= MaxRemoteCandidates || _remoteCandidates.Contains(candidate))
            {
                return false;
            }

            _remoteCandidates.Add(candidate);
            return true;
        }
    }

    /// <summary>Writes a new check for <paramref name="remote"/>, remembers its transaction, and returns its length.</summary>
    public int WriteCheck(IPEndPoint remote, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var transaction = StunTransactionId.NewRandom();
        IceRole role;
        lock (_lock)
        {
            role = _role;
        }

        int length = IceStunMessages.WriteBindingRequest(
            destination,
            transaction,
            _remoteUfrag,
            Local.UsernameFragment,
            _remotePasswordKey,
            PeerReflexivePriority,
            role,
            TieBreaker,
            useCandidate: role == IceRole.Controlling);
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
    /// Handles a STUN response from the network; true when it was a success response to one of our checks with
    /// valid integrity (and <see cref="Selected"/> is then set). A 487 answer to our check makes us switch role
    /// (RFC 8445 §7.2.5.1). Never throws on wire input.
    /// </summary>
    public bool OnStunResponse(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var message)
            || message.Method != StunMethod.Binding
            || message.Class is not (StunMessageClass.SuccessResponse or StunMessageClass.ErrorResponse)
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

            if (message.Class == StunMessageClass.ErrorResponse)
            {
                if (message.TryGetErrorCode(out int code, out _) && code == StunErrorCode.RoleConflict)
                {
                    _role = _role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling;
                }

                return false;
            }

            Selected ??= remote;
            SuccessfulChecks++;
            return true;
        }
    }

    /// <summary>
    /// Answers a peer's check (RFC 8445 §7.3): verifies USERNAME "ourUfrag:theirUfrag" and MESSAGE-INTEGRITY with
    /// our password, resolves a role conflict (§7.3.1.1), and writes the success response (XOR-MAPPED-ADDRESS,
    /// MESSAGE-INTEGRITY, FINGERPRINT) or a 487 into <paramref name="response"/>. The source becomes a remote
    /// candidate (peer-reflexive when new, §7.3.1.3). Returns the response's length, 0 when the check is dropped
    /// silently; <paramref name="triggerCheck"/> says a triggered check should go back to the source (§7.3.1.4).
    /// Never throws on wire input.
    /// </summary>
    public int OnBindingRequest(in StunMessage request, IPEndPoint source, Span<byte> response, out bool triggerCheck)
    {
        ArgumentNullException.ThrowIfNull(source);
        triggerCheck = false;
        var status = IceBindingRequestValidator.Validate(request, Local.UsernameFragmentUtf8.Span, _localPasswordKey, out var remoteUfrag);
        if (status != IceBindingRequestStatus.Valid || !remoteUfrag.SequenceEqual(_remoteUfragUtf8))
        {
            lock (_lock)
            {
                RefusedChecks++;
            }

            return 0; // 400/401 would tell an attacker nothing useful and a confused peer little more
        }

        lock (_lock)
        {
            var outcome = IceBindingRequestValidator.CheckRoleConflict(request, _role, TieBreaker);
            if (outcome == IceRoleConflictOutcome.RespondRoleConflict)
            {
                RefusedChecks++;
                return IceStunMessages.WriteBindingError(
                    response, request.TransactionId, StunErrorCode.RoleConflict, IceStunMessages.ReasonPhrase(StunErrorCode.RoleConflict), Local.PasswordKey.Span);
            }

            if (outcome == IceRoleConflictOutcome.SwitchLocalRole)
            {
                _role = _role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling;
            }

            if (!_remoteCandidates.Contains(source) && _remoteCandidates.Count < MaxRemoteCandidates)
            {
                _remoteCandidates.Add(source);
            }

            // Controlled, the peer's USE-CANDIDATE on a pair we can reach nominates it.
            if (_role == IceRole.Controlled && request.HasUseCandidate && SuccessfulChecks > 0)
            {
                Selected = source;
            }

            triggerCheck = Selected is null;
            AnsweredChecks++;
        }

        return IceStunMessages.WriteBindingSuccess(response, request.TransactionId, source, _localPasswordKey);
    }

    public void Dispose()
    {
        _remotePasswordKey.Dispose();
        _localPasswordKey.Dispose();
    }
}
