using System.Net;
using System.Text;

namespace Parley.Stun.Tests;

public class StunMessageIntegrityKeyTests
{
    [Fact]
    public void A_prepared_key_verifies_the_rfc_5769_vectors_repeatedly()
    {
        using var key = new StunMessageIntegrityKey(Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword));

        // Several rounds: the reused HMAC context must be reset correctly between messages.
        for (var round = 0; round < 3; round++)
        {
            Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var request));
            Assert.True(request.VerifyMessageIntegrity(key));
            Assert.True(StunMessage.TryParse(Rfc5769Vectors.IPv6Response, out var response));
            Assert.True(response.VerifyMessageIntegrity(key));
        }

        using var wrong = new StunMessageIntegrityKey("wrong"u8);
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var again));
        Assert.False(again.VerifyMessageIntegrity(wrong));
    }

    [Fact]
    public void Prepared_and_raw_keys_write_identical_messages()
    {
        var password = "prepared-or-not-password"u8.ToArray();
        using var prepared = new StunMessageIntegrityKey(password);
        var transactionId = StunTransactionId.NewRandom();
        var source = new IPEndPoint(IPAddress.Parse("198.51.100.4"), 40000);
        var raw = new byte[128];
        var fast = new byte[128];

        var rawLength = IceStunMessages.WriteBindingSuccess(raw, transactionId, source, password);
        var fastLength = IceStunMessages.WriteBindingSuccess(fast, transactionId, source, prepared);
        Assert.Equal(raw.AsSpan(0, rawLength).ToArray(), fast.AsSpan(0, fastLength).ToArray());

        rawLength = IceStunMessages.WriteBindingRequest(raw, transactionId, "a", "b", password, 5, IceRole.Controlled, 9, false);
        fastLength = IceStunMessages.WriteBindingRequest(fast, transactionId, "a", "b", prepared, 5, IceRole.Controlled, 9, false);
        Assert.Equal(raw.AsSpan(0, rawLength).ToArray(), fast.AsSpan(0, fastLength).ToArray());
        Assert.True(StunMessage.TryParse(fast.AsSpan(0, fastLength), out var request));
        Assert.Equal(IceBindingRequestStatus.Valid, IceBindingRequestValidator.Validate(request, "a"u8, prepared, out var remote));
        Assert.Equal("b", Encoding.UTF8.GetString(remote));
    }

    [Fact]
    public async Task A_prepared_key_is_safe_to_share_between_threads()
    {
        using var key = new StunMessageIntegrityKey(Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword));
        var request = Rfc5769Vectors.Request;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (!StunMessage.TryParse(request, out var message) || !message.VerifyMessageIntegrity(key))
                {
                    return false;
                }
            }

            return true;
        })));

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void A_disposed_key_refuses_to_hash()
    {
        var key = new StunMessageIntegrityKey("k"u8);
        key.Dispose();
        key.Dispose(); // idempotent

        Assert.Throws<ObjectDisposedException>(() =>
            StunMessage.TryParse(Rfc5769Vectors.Request, out var message) && message.VerifyMessageIntegrity(key));
    }
}
