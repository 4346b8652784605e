namespace Parley.Dtls;

/// <summary>Sends one datagram to the peer (e.g. over the ICE-selected UDP path). Must not block for long.</summary>
public interface IDatagramSender
{
    /// <summary>Sends <paramref name="datagram"/>; the span is only valid during the call.</summary>
    void Send(ReadOnlySpan<byte> datagram);
}
