using System.Buffers.Binary;

namespace Parley.Sfu.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void Steady_state_forwarding_to_five_consumers_allocates_nothing()
    {
        using var sfu = new SfuHarness(record: false);
        var producer = sfu.ProduceSingle(10);
        for (uint i = 0; i < 5; i++)
        {
            sfu.Consume(producer, ssrc: 1000 + (i * 10));
        }

        var packet = TestPackets.Vp8Packet(10, 0, 0, keyFrame: true, pictureId: 0, payloadSize: 1000);
        ushort sequence = 0;
        void SendOne()
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 3000u);
            sfu.Publisher.ReceiveRtp(packet);
        }

        for (var i = 0; i < 2000; i++)
        {
            SendOne(); // warm-up: JIT, first switch points, the bound SSRC
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            SendOne();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(12_000 * 5, sfu.SubscriberLink.RtpCount);
    }
}
