using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace Parley.Signaling.Sessions.Transport;

/// <summary>
/// The byte stream of a WebSocket that <see cref="WebSocketConnections"/> runs on a Kestrel connection's own pipes.
/// Disposing it after a clean close handshake leaves the connection to end normally (Kestrel sends what is left, then
/// FIN, once the connection's handler returns); disposing it in any other state — <see cref="WebSocket.Abort"/> by a
/// resume that took the session over, or by a peer that stopped reading — aborts the connection, which also ends a write
/// waiting for that peer.
/// </summary>
internal sealed class ConnectionStream(ConnectionContext connection) : Stream
{
    private readonly Stream _input = connection.Transport.Input.AsStream();
    private readonly Stream _output = connection.Transport.Output.AsStream();

    /// <summary>The WebSocket on this stream, whose state decides how disposing ends the connection.</summary>
    public WebSocket? Owner { get; set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _input.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _input.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

    // The pipe writer's stream flushes every write.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _output.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _output.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

    public override void Flush() => _output.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Owner is not { State: WebSocketState.Closed, CloseStatus: not null })
        {
            connection.Abort(new ConnectionAbortedException("The WebSocket was aborted."));
        }
        base.Dispose(disposing);
    }
}
