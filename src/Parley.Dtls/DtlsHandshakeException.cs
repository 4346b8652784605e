namespace Parley.Dtls;

/// <summary>The DTLS handshake failed: a fatal alert (sent or received), a fingerprint mismatch, or a timeout.</summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DtlsHandshakeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DtlsHandshakeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DtlsHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception carrying the TLS alert description (RFC 5246 §7.2) when there was one.</summary>
    public DtlsHandshakeException(string message, short? alertDescription, Exception? innerException = null)
        : base(message, innerException)
    {
        AlertDescription = alertDescription;
    }

    /// <summary>The TLS alert description involved, e.g. 42 bad_certificate; null for timeouts/cancellation.</summary>
    public short? AlertDescription { get; }
}
