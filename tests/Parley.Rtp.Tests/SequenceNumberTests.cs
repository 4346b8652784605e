namespace Parley.Rtp.Tests;

public class SequenceNumberTests
{
    [Theory]
    [InlineData(2, 1, true)]
    [InlineData(1, 2, false)]
    [InlineData(0, 65535, true)]
    [InlineData(65535, 0, false)]
    [InlineData(100, 100, false)]
    [InlineData(0x8000, 0, true)] // exactly half-way: broken by value
    [InlineData(0, 0x8000, false)]
    [InlineData(0x7FFF, 0, true)]
    public void Newer_accounts_for_wrap_around(int candidate, int reference, bool expected)
    {
        Assert.Equal(expected, SequenceNumber.IsNewer((ushort)candidate, (ushort)reference));
    }

    [Fact]
    public void Distance_is_signed_across_the_wrap()
    {
        Assert.Equal(2, SequenceNumber.Distance(1, 65535));
        Assert.Equal(-2, SequenceNumber.Distance(65535, 1));
        Assert.Equal((ushort)3, SequenceNumber.Latest(65534, 3));
    }

    [Fact]
    public void The_unwrapper_extends_across_cycles_and_tolerates_reordering()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        Assert.Equal(65534, unwrapper.Unwrap(65534));
        Assert.Equal(65536 + 1, unwrapper.Unwrap(1));
        Assert.Equal(65535, unwrapper.Unwrap(65535)); // late packet from the previous cycle
        Assert.Equal(65536 + 2, unwrapper.Unwrap(2));
        Assert.Equal(65536 + 2, unwrapper.Highest);

        long last = 0;
        for (var i = 0; i < 300_000; i += 100)
        {
            last = unwrapper.Unwrap((ushort)(65536 + 2 + i));
        }

        Assert.Equal(65536 + 2 + 299_900, last);
    }
}
