using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Parley.Srtp;

namespace Parley.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 5764) over a datagram path Parley owns: feed incoming DTLS datagrams to
/// <see cref="Deliver"/>, outgoing ones leave through the <see cref="IDatagramSender"/>. BouncyCastle's handshake is
/// blocking, so <see cref="HandshakeAsync"/> runs it on a dedicated thread; afterwards a pump on the thread pool
/// keeps processing late records (a retransmitted Finished, close_notify) until the endpoint is disposed.
/// </summary>
public sealed partial class DtlsSrtpEndpoint : IDisposable
{
    private readonly DtlsCertificate _localCertificate;
    private DtlsFingerprint? _expectedRemoteFingerprint;
    private readonly DtlsOptions _options;
    private readonly ILogger _logger;
    private readonly QueuedDatagramTransport _transport;
    private readonly CancellationTokenSource _disposed = new();

    // Serializes BouncyCastle's DtlsTransport between the pump and Dispose (it is not thread-safe).
    private readonly Lock _dtlsGate = new();
    private DtlsTransport? _dtls;
    private int _state = (int)DtlsEndpointState.New;
    private long _ignoredApplicationRecords;

    // What the cookie is bound to besides the endpoint's own verifier key (one endpoint serves one ICE session).
    private static readonly byte[] CookieClientId = "parley-dtls-cookie"u8.ToArray();

    /// <summary>Creates the endpoint; nothing is sent until <see cref="HandshakeAsync"/>.</summary>
    /// <param name="role">Client (SDP <c>a=setup:active</c>) or server (<c>passive</c>).</param>
    /// <param name="localCertificate">Our certificate; its fingerprint is in our SDP.</param>
    /// <param name="expectedRemoteFingerprint">
    /// The fingerprint from the peer's SDP; any other certificate is rejected. Null when it is not known yet (the
    /// peer's answer brings it): set it with <see cref="SetExpectedRemoteFingerprint"/> before the handshake ends,
    /// or the handshake fails.
    /// </param>
    /// <param name="sender">Where outgoing datagrams go.</param>
    /// <param name="options">Timeouts, MTU, SRTP profile preference.</param>
    /// <param name="logger">Diagnostics.</param>
    public DtlsSrtpEndpoint(
        DtlsRole role,
        DtlsCertificate localCertificate,
        DtlsFingerprint? expectedRemoteFingerprint,
        IDatagramSender sender,
        DtlsOptions? options = null,
        ILogger<DtlsSrtpEndpoint>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(localCertificate);
        ArgumentNullException.ThrowIfNull(sender);
        _options = options ?? new DtlsOptions();
        if (_options.SrtpProfiles.Count == 0 || _options.SrtpProfiles.Any(profile => !SrtpProfileParameters.TryGet(profile, out _)))
        {
            throw new ArgumentException("SrtpProfiles must list at least one supported SRTP profile.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDatagramSize, 256, nameof(options));
        Role = role;
        _localCertificate = localCertificate;
        _expectedRemoteFingerprint = expectedRemoteFingerprint;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _transport = new QueuedDatagramTransport(sender, _options.MaxDatagramSize, _options.ReceiveQueueCapacity);
    }

    /// <summary>Our DTLS role.</summary>
    public DtlsRole Role { get; }

    /// <summary>Current lifecycle state.</summary>
    public DtlsEndpointState State => (DtlsEndpointState)Volatile.Read(ref _state);

    /// <summary>Incoming datagrams dropped because the queue was full or the endpoint closed.</summary>
    public long DroppedDatagrams => _transport.Dropped;

    /// <summary>Application-data records received after the handshake (ignored until SCTP exists).</summary>
    public long IgnoredApplicationRecords => Interlocked.Read(ref _ignoredApplicationRecords);

    /// <summary>Raised once when the peer sends close_notify (from a thread-pool thread).</summary>
    public event EventHandler? PeerClosed;

    /// <summary>The fingerprint the peer's certificate must match; null while unknown.</summary>
    public DtlsFingerprint? ExpectedRemoteFingerprint => Volatile.Read(ref _expectedRemoteFingerprint);

    /// <summary>
    /// Sets the fingerprint the peer's certificate must match when it was not known at construction (a server-offered
    /// transport learns it from the answer). Takes effect even mid-handshake: a certificate that already arrived is
    /// checked when the handshake completes. Setting the same value again is a no-op.
    /// </summary>
    /// <exception cref="InvalidOperationException">A different fingerprint was already set.</exception>
    public void SetExpectedRemoteFingerprint(DtlsFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var previous = Interlocked.CompareExchange(ref _expectedRemoteFingerprint, fingerprint, null);
        if (previous is not null && !previous.Equals(fingerprint))
        {
            throw new InvalidOperationException("The remote DTLS fingerprint is already set to another value.");
        }
    }

    /// <summary>
    /// Hands an incoming DTLS datagram (first byte 20..63, RFC 7983) to the endpoint. Copies it; never blocks and
    /// never throws; when the queue is full the datagram is dropped and the peer's retransmission recovers.
    /// </summary>
    public void Deliver(ReadOnlySpan<byte> datagram) => _transport.Enqueue(datagram);

    /// <summary>
    /// Runs the handshake to completion. Throws <see cref="DtlsHandshakeException"/> on a fatal alert, fingerprint
    /// mismatch or timeout, <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// May be called once.
    /// </summary>
    public async Task<DtlsHandshakeResult> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, (int)DtlsEndpointState.Handshaking, (int)DtlsEndpointState.New) != (int)DtlsEndpointState.New)
        {
            throw new InvalidOperationException($"HandshakeAsync was already called (state {State}).");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        // BouncyCastle enforces the handshake timeout itself; our deadline is a backstop a little later.
        deadline.CancelAfter(_options.HandshakeTimeout + TimeSpan.FromSeconds(1));
        await using var abort = deadline.Token.Register(_transport.Close);

        LogHandshakeStarting(_logger, Role, ExpectedRemoteFingerprint?.ToString() ?? "(not known yet)");
        var handshake = Task.Factory.StartNew(RunHandshake, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var result = await handshake.ConfigureAwait(false);
            Volatile.Write(ref _state, (int)DtlsEndpointState.Connected);
            LogHandshakeCompleted(_logger, Role, SrtpProfileNames.ToName(result.SrtpProfile), result.CipherSuite);
            _ = Task.Run(PumpAsync, CancellationToken.None);
            return result;
        }
        catch (Exception exception) when (deadline.IsCancellationRequested)
        {
            // Our backstop closed the queue (caller cancelled, endpoint disposed, or BouncyCastle missed its deadline).
            Fail();
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            throw new DtlsHandshakeException($"The DTLS handshake did not complete within {_options.HandshakeTimeout}.", null, exception);
        }
        catch (DtlsHandshakeException exception)
        {
            Fail();
            LogHandshakeFailed(_logger, Role, exception.Message);
            throw;
        }
    }

    /// <summary>Sends close_notify when connected, then stops processing. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        lock (_dtlsGate)
        {
            if (State == DtlsEndpointState.Connected && _dtls is not null)
            {
                try
                {
                    _dtls.Close();
                }
                catch (IOException exception)
                {
                    LogCloseFailed(_logger, exception.Message);
                }
            }

            if (State is DtlsEndpointState.Connected or DtlsEndpointState.New)
            {
                Volatile.Write(ref _state, (int)DtlsEndpointState.Closed);
            }

            _transport.Close();
        }

        _disposed.Cancel();
        _disposed.Dispose();
    }

    private DtlsHandshakeResult RunHandshake()
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        var timeoutMillis = (int)Math.Clamp(_options.HandshakeTimeout.TotalMilliseconds, 1, int.MaxValue);
        var profiles = _options.SrtpProfiles.Select(UseSrtpProfileIds.ToId).ToArray();
        try
        {
            var peer = new DtlsSrtpPeerState(crypto, _localCertificate, () => ExpectedRemoteFingerprint, profiles, timeoutMillis);
            peer.Events.PeerClosedNotified += OnPeerClosed;
            if (Role == DtlsRole.Client)
            {
                _dtls = new DtlsClientProtocol().Connect(new DtlsSrtpClient(peer), _transport);
            }
            else
            {
                // Cookie exchange first (RFC 6347 §4.2.1): an ICE-lite server only answers checks, so a check with a
                // forged source that knows the ICE password would otherwise make us send a whole certificate flight
                // (and its retransmissions) to a victim. The HelloVerifyRequest is smaller than the ClientHello.
                var request = AwaitClientHelloWithCookie(crypto, timeoutMillis);
                _dtls = new DtlsServerProtocol().Accept(new DtlsSrtpServer(peer), _transport, request);
            }

            peer.VerifyDeferredPeerCertificate();
            return peer.ToResult(Role);
        }
        catch (TlsFatalAlertReceived alert)
        {
            throw new DtlsHandshakeException(
                $"The peer aborted the DTLS handshake with alert {AlertDescription.GetText(alert.AlertDescription)}.", alert.AlertDescription, alert);
        }
        catch (TlsFatalAlert alert)
        {
            throw new DtlsHandshakeException(
                $"DTLS handshake failed ({AlertDescription.GetText(alert.AlertDescription)}): {alert.Message}", alert.AlertDescription, alert);
        }
        catch (TlsTimeoutException timeout)
        {
            throw new DtlsHandshakeException($"The DTLS handshake did not complete within {_options.HandshakeTimeout}.", null, timeout);
        }
        catch (IOException failure)
        {
            // Any other BouncyCastle failure (all TlsExceptions are IOExceptions) or a closed transport.
            throw new DtlsHandshakeException($"DTLS handshake failed: {failure.Message}", null, failure);
        }
    }

    /// <summary>
    /// Answers each ClientHello without a valid cookie with a stateless HelloVerifyRequest and returns the first one
    /// that carries it. The cookie is an HMAC under a key of this endpoint's own, so it is good for this transport only.
    /// A ClientHello in several fragments is reassembled first (the verifier reads only whole ones).
    /// </summary>
    private DtlsRequest AwaitClientHelloWithCookie(BcTlsCrypto crypto, int timeoutMillis)
    {
        var verifier = new DtlsVerifier(crypto);
        var reassembler = new ClientHelloReassembler();
        var buffer = new byte[_transport.GetReceiveLimit()];
        var deadline = Environment.TickCount64 + timeoutMillis;
        while (true)
        {
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                throw new TlsTimeoutException("No ClientHello with a valid cookie arrived in time.");
            }

            var length = _transport.Receive(buffer, 0, buffer.Length, (int)Math.Min(remaining, 1000));
            if (length >= 0 && reassembler.TryAdd(buffer.AsSpan(0, length), out var clientHello)
                && verifier.VerifyRequest(CookieClientId, clientHello, 0, clientHello.Length, _transport) is { } request)
            {
                return request;
            }
        }
    }

    private async Task PumpAsync()
    {
        var token = _disposed.Token;
        try
        {
            var buffer = new byte[_options.MaxDatagramSize * 2];
            while (await _transport.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                lock (_dtlsGate)
                {
                    if (State != DtlsEndpointState.Connected || _dtls is null)
                    {
                        return;
                    }

                    // The datagram is queued, so Receive returns without blocking (1 ms is only a bound).
                    var received = _dtls.Receive(buffer, 0, buffer.Length, 1);
                    if (received >= 0)
                    {
                        Interlocked.Increment(ref _ignoredApplicationRecords);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while waiting.
        }
        catch (Exception exception) when (exception is IOException or TlsException)
        {
            // A fatal alert or a closed record layer ends the association; media keys stay valid until the owner
            // tears the transport down.
            LogPumpStopped(_logger, exception.Message);
            Volatile.Write(ref _state, (int)DtlsEndpointState.Closed);
        }
    }

    private void OnPeerClosed()
    {
        Volatile.Write(ref _state, (int)DtlsEndpointState.Closed);
        LogPeerClosed(_logger, Role);
        ThreadPool.QueueUserWorkItem(_ => PeerClosed?.Invoke(this, EventArgs.Empty));
    }

    private void Fail()
    {
        Volatile.Write(ref _state, (int)DtlsEndpointState.Failed);
        _transport.Close();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "DTLS {Role} handshake starting, expecting peer {Fingerprint}")]
    private static partial void LogHandshakeStarting(ILogger logger, DtlsRole role, string fingerprint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "DTLS {Role} handshake completed: SRTP profile {Profile}, cipher suite 0x{CipherSuite:X4}")]
    private static partial void LogHandshakeCompleted(ILogger logger, DtlsRole role, string profile, int cipherSuite);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "DTLS {Role} handshake failed: {Reason}")]
    private static partial void LogHandshakeFailed(ILogger logger, DtlsRole role, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "DTLS peer of our {Role} endpoint sent close_notify")]
    private static partial void LogPeerClosed(ILogger logger, DtlsRole role);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "DTLS record processing stopped: {Reason}")]
    private static partial void LogPumpStopped(ILogger logger, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Sending close_notify failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string reason);
}
