using System.Net;
using Parley.Stun;
using Parley.WebRtc.Client.Ice;
using Parley.WebRtc.Ice;

namespace Parley.WebRtc.Tests.Client;

/// <summary>The client's ICE agent answering a full-ICE peer's checks (RFC 8445 §7.3), as Janus sends them.</summary>
public sealed class FullIceAgentTests
{
    private static readonly IPEndPoint PeerAddress = new(IPAddress.Parse("10.77.0.2"), 20_000);

    private readonly IceCredentials _ours = IceCredentials.CreateRandom();
    private readonly IceCredentials _peer = IceCredentials.CreateRandom();

    [Fact]
    public void A_valid_check_is_answered_with_a_success_signed_with_our_password_that_maps_the_source()
    {
        using var agent = new IceControllingAgent(_ours, _peer.UsernameFragment, _peer.Password);
        var check = PeerCheck(IceRole.Controlled, tieBreaker: 1, username: $"{_ours.UsernameFragment}:{_peer.UsernameFragment}", _ours.Password);
        Assert.True(StunMessage.TryParse(check, out var request));

        var response = new byte[IceControllingAgent.MaxResponseLength];
        int length = agent.OnBindingRequest(request, PeerAddress, response, out bool triggerCheck);

        Assert.True(length > 0);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunMessageClass.SuccessResponse, answer.Class);
        Assert.Equal(request.TransactionId, answer.TransactionId);
        Assert.True(answer.VerifyMessageIntegrity(_ours.PasswordKey.Span));
        Assert.True(answer.VerifyFingerprint());
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(PeerAddress, mapped);
        Assert.True(triggerCheck); // nothing selected yet: check the peer back at once (§7.3.1.4)
        Assert.Contains(PeerAddress, agent.RemoteCandidates); // learnt as peer-reflexive
        Assert.Equal(1, agent.AnsweredChecks);
    }

    [Theory]
    [InlineData("wrong:peer", false)]
    [InlineData("ours:wrongpeer", false)]
    [InlineData("ours:peer", true)]
    public void A_check_naming_other_ufrags_or_signed_with_another_password_is_dropped(string usernamePattern, bool wrongPassword)
    {
        using var agent = new IceControllingAgent(_ours, _peer.UsernameFragment, _peer.Password);
        string username = usernamePattern
            .Replace("ours", _ours.UsernameFragment, StringComparison.Ordinal)
            .Replace("wrongpeer", "nobodyxx", StringComparison.Ordinal)
            .Replace("peer", _peer.UsernameFragment, StringComparison.Ordinal);
        var check = PeerCheck(IceRole.Controlled, 1, username, wrongPassword ? _peer.Password : _ours.Password);
        Assert.True(StunMessage.TryParse(check, out var request));

        int length = agent.OnBindingRequest(request, PeerAddress, new byte[IceControllingAgent.MaxResponseLength], out _);

        Assert.Equal(0, length);
        Assert.Equal(1, agent.RefusedChecks);
        Assert.Empty(agent.RemoteCandidates);
    }

    [Fact]
    public void A_controlling_peer_with_a_smaller_tie_breaker_gets_487_and_we_stay_controlling()
    {
        using var agent = new IceControllingAgent(_ours, _peer.UsernameFragment, _peer.Password);
        var check = PeerCheck(IceRole.Controlling, tieBreaker: 0, $"{_ours.UsernameFragment}:{_peer.UsernameFragment}", _ours.Password);
        Assert.True(StunMessage.TryParse(check, out var request));
        var response = new byte[IceControllingAgent.MaxResponseLength];

        int length = agent.OnBindingRequest(request, PeerAddress, response, out _);

        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunMessageClass.ErrorResponse, answer.Class);
        Assert.True(answer.TryGetErrorCode(out int code, out _));
        Assert.Equal(StunErrorCode.RoleConflict, code);
        Assert.True(answer.VerifyMessageIntegrity(_ours.PasswordKey.Span));
        Assert.Equal(IceRole.Controlling, agent.Role);
    }

    [Fact]
    public void A_controlling_peer_with_a_larger_tie_breaker_makes_us_controlled_and_our_checks_stop_nominating()
    {
        using var agent = new IceControllingAgent(_ours, _peer.UsernameFragment, _peer.Password);
        var check = PeerCheck(IceRole.Controlling, tieBreaker: ulong.MaxValue, $"{_ours.UsernameFragment}:{_peer.UsernameFragment}", _ours.Password);
        Assert.True(StunMessage.TryParse(check, out var request));

        int length = agent.OnBindingRequest(request, PeerAddress, new byte[IceControllingAgent.MaxResponseLength], out _);

        Assert.True(length > 0);
        Assert.Equal(IceRole.Controlled, agent.Role);
        var ours = new byte[IceControllingAgent.MaxCheckLength];
        int checkLength = agent.WriteCheck(PeerAddress, ours);
        Assert.True(StunMessage.TryParse(ours.AsSpan(0, checkLength), out var sent));
        Assert.False(sent.HasUseCandidate);
        Assert.True(sent.TryGetIceControlled(out _));
    }

    [Fact]
    public void Our_check_names_the_peer_first_and_nominates_as_controlling()
    {
        using var agent = new IceControllingAgent(_ours, _peer.UsernameFragment, _peer.Password);
        var buffer = new byte[IceControllingAgent.MaxCheckLength];
        int length = agent.WriteCheck(PeerAddress, buffer);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var check));
        var status = IceBindingRequestValidator.Validate(check, _peer.UsernameFragmentUtf8.Span, _peer.PasswordKey.Span, out var senderUfrag);
        Assert.Equal(IceBindingRequestStatus.Valid, status);
        Assert.Equal(_ours.UsernameFragment, System.Text.Encoding.ASCII.GetString(senderUfrag));
        Assert.True(check.HasUseCandidate);
        Assert.True(check.TryGetIceControlling(out _));
    }

    private static byte[] PeerCheck(IceRole role, ulong tieBreaker, string username, string signingPassword)
    {
        int colon = username.IndexOf(':', StringComparison.Ordinal);
        var buffer = new byte[576];
        int length = IceStunMessages.WriteBindingRequest(
            buffer,
            StunTransactionId.NewRandom(),
            username.AsSpan(0, colon),
            username.AsSpan(colon + 1),
            System.Text.Encoding.UTF8.GetBytes(signingPassword),
            priority: 1_853_824_767,
            role,
            tieBreaker,
            useCandidate: false);
        return buffer[..length];
    }
}
