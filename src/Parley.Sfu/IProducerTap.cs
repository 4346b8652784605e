using Parley.Rtp;

namespace Parley.Sfu;

/// <summary>
/// Sees every packet a producer forwards, like a consumer but without a transport (a recorder). Called on the
/// publisher's receive thread, after duplicates are dropped and only while the producer is not paused, for every
/// layer; the packet (header and payload) is valid only during the call and must not be changed.
/// </summary>
/// <remarks>Implementations must be quick, must not block and must not throw: copy what is needed and return.</remarks>
public interface IProducerTap
{
    void OnRtp(Producer producer, int layer, RtpPacket packet, bool isKeyFrame);
}
