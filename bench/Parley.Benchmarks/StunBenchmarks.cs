using System.Net;
using BenchmarkDotNet.Attributes;
using Parley.Stun;

namespace Parley.Benchmarks;

/// <summary>The ICE-lite server's per-check work: parse a browser's Binding request, authenticate it, answer it.</summary>
// Not sealed: BenchmarkDotNet generates a derived class.
[MemoryDiagnoser]
public class StunBenchmarks : IDisposable
{
    private static readonly byte[] Password = "a8bRgcLkyVp8G8vbMsGc0nf2"u8.ToArray();

    // Owned by the benchmark instance for its whole run; the parsed views only borrow them.
    private readonly byte[] _request = new byte[256];
    private readonly byte[] _response = new byte[256];
    private readonly IPEndPoint _source = new(IPAddress.Parse("192.0.2.10"), 54321);
    private readonly StunMessageIntegrityKey _preparedPassword = new(Password);
    private int _requestLength;

    [GlobalSetup]
    public void Setup()
    {
        // Shaped like Chrome's check: USERNAME, ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, integrity, fingerprint.
        _requestLength = IceStunMessages.WriteBindingRequest(_request, StunTransactionId.NewRandom(), "Xk3d", "b9Qm",
            Password, priority: 1853824767, IceRole.Controlling, tieBreaker: 0x1234567890ABCDEF, useCandidate: true);
    }

    [Benchmark]
    public int ParseBindingRequest()
    {
        return StunMessage.TryParse(_request.AsSpan(0, _requestLength), out var message) ? (int)message.Method : -1;
    }

    /// <summary>What a session should do: the password prepared once as a <see cref="StunMessageIntegrityKey"/>.</summary>
    [Benchmark]
    public bool VerifyIntegrityAndFingerprint()
    {
        return StunMessage.TryParse(_request.AsSpan(0, _requestLength), out var message)
            && message.VerifyFingerprint() && message.VerifyMessageIntegrity(_preparedPassword);
    }

    /// <summary>The raw-bytes key: a one-shot HMAC that sets up the platform context on every call.</summary>
    [Benchmark]
    public bool VerifyIntegrityWithRawKeyAndFingerprint()
    {
        return StunMessage.TryParse(_request.AsSpan(0, _requestLength), out var message)
            && message.VerifyFingerprint() && message.VerifyMessageIntegrity(Password);
    }

    [Benchmark]
    public int ValidateAndAnswerCheck()
    {
        if (!StunMessage.TryParse(_request.AsSpan(0, _requestLength), out var request)
            || IceBindingRequestValidator.Validate(request, "Xk3d"u8, _preparedPassword, out _) != IceBindingRequestStatus.Valid)
        {
            return -1;
        }

        return IceStunMessages.WriteBindingSuccess(_response, request.TransactionId, _source, _preparedPassword);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _preparedPassword.Dispose();
        }
    }
}
