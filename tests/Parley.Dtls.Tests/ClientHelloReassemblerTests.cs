namespace Parley.Dtls.Tests;

public sealed class ClientHelloReassemblerTests
{
    [Fact]
    public async Task Fragments_in_any_order_and_repeated_give_back_the_whole_client_hello()
    {
        var whole = await DtlsCookieTests.CaptureClientHelloAsync();
        var fragments = ClientHelloFragments.Split(whole, 4, firstSequence: 7);
        var reassembler = new ClientHelloReassembler();

        Assert.False(reassembler.TryAdd(fragments[3], out _));
        Assert.False(reassembler.TryAdd(fragments[0], out _));
        Assert.False(reassembler.TryAdd(fragments[0], out _)); // a retransmitted fragment changes nothing
        Assert.False(reassembler.TryAdd(fragments[2], out _));
        Assert.True(reassembler.TryAdd(fragments[1], out var record));

        Assert.Equal(whole.AsSpan(13), record.AsSpan(13)); // the same handshake message, unfragmented
        Assert.Equal(whole.AsSpan(0, 3), record.AsSpan(0, 3));
        Assert.Equal(8, record[10]); // numbered like the record that completed it
    }

    [Fact]
    public async Task Two_fragments_in_one_datagram_are_both_read()
    {
        var whole = await DtlsCookieTests.CaptureClientHelloAsync();
        var fragments = ClientHelloFragments.Split(whole, 2);

        Assert.True(new ClientHelloReassembler().TryAdd([.. fragments[0], .. fragments[1]], out var record));
        Assert.Equal(whole.AsSpan(13), record.AsSpan(13));
    }

    [Fact]
    public async Task An_unfragmented_client_hello_passes_straight_through()
    {
        var whole = await DtlsCookieTests.CaptureClientHelloAsync();

        Assert.True(new ClientHelloReassembler().TryAdd(whole, out var record));
        Assert.Equal(whole, record);
    }

    [Theory]
    [InlineData("")]
    [InlineData("16 fe fd 00 00")] // shorter than a record header
    [InlineData("16 fe fd 00 00 00 00 00 00 00 00 00 40 01")] // record length past the datagram
    [InlineData("17 fe fd 00 01 00 00 00 00 00 00 00 0c 01 00 00 00 00 00 00 00 00 00 00 00")] // application data
    [InlineData("16 fe fd 00 00 00 00 00 00 00 00 00 0c 01 ff ff ff 00 00 00 00 00 00 00 00")] // message longer than 16 KB
    [InlineData("16 fe fd 00 00 00 00 00 00 00 00 00 0d 01 00 00 08 00 00 00 00 06 00 00 09 aa")] // fragment past the message
    [InlineData("16 fe fd 00 00 00 00 00 00 00 00 00 0c 02 00 00 00 00 00 00 00 00 00 00 00")] // a ServerHello
    public void Garbage_and_other_records_are_ignored_without_throwing(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        Assert.False(new ClientHelloReassembler().TryAdd(bytes, out _));
    }
}
