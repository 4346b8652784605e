using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Stun.Tests;

public class IceConnectivityCheckTests
{
    private static readonly byte[] ServerUfrag = "srvU"u8.ToArray();
    private static readonly byte[] ServerPassword = "server-password-22chars"u8.ToArray();

    [Fact]
    public async Task A_lite_agent_answers_a_browser_style_check_over_loopback_udp()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var transactionId = StunTransactionId.NewRandom();
        var request = new byte[576];
        var requestLength = IceStunMessages.WriteBindingRequest(request, transactionId, "srvU", "cliU", ServerPassword,
            priority: 0x6E0001FF, IceRole.Controlling, tieBreaker: 42, useCandidate: true);
        await client.SendToAsync(request.AsMemory(0, requestLength), server.LocalEndPoint!, timeout.Token);

        // Server side: receive, validate, answer with the source address it saw.
        var received = new byte[1500];
        var from = await server.ReceiveFromAsync(received, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        var response = new byte[576];
        var responseLength = Answer(received.AsSpan(0, from.ReceivedBytes), (IPEndPoint)from.RemoteEndPoint, response);
        await server.SendToAsync(response.AsMemory(0, responseLength), from.RemoteEndPoint, timeout.Token);

        // Client side: the response matches the transaction, authenticates and reflects our address.
        var answer = new byte[1500];
        var answerLength = await client.ReceiveAsync(answer, timeout.Token);
        Assert.True(StunMessage.TryParse(answer.AsSpan(0, answerLength), out var parsed));
        Assert.Equal(StunMessageClass.SuccessResponse, parsed.Class);
        Assert.Equal(transactionId, parsed.TransactionId);
        Assert.True(parsed.VerifyFingerprint());
        Assert.True(parsed.VerifyMessageIntegrity(ServerPassword));
        Assert.True(parsed.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(client.LocalEndPoint, mapped);
    }

    [Fact]
    public void A_valid_check_yields_the_remote_ufrag_and_its_ice_attributes()
    {
        var request = BuildRequest("srvU", "cliU", ServerPassword);

        Assert.True(StunMessage.TryParse(request, out var message));
        Assert.Equal(IceBindingRequestStatus.Valid, IceBindingRequestValidator.Validate(message, ServerUfrag, ServerPassword, out var remoteUfrag));
        Assert.Equal("cliU", Encoding.UTF8.GetString(remoteUfrag));
        Assert.True(message.HasUseCandidate);
    }

    [Fact]
    public void A_check_for_another_ufrag_is_unauthorized()
    {
        var request = BuildRequest("other", "cliU", ServerPassword);

        Assert.True(StunMessage.TryParse(request, out var message));
        Assert.Equal(IceBindingRequestStatus.Unauthorized, IceBindingRequestValidator.Validate(message, ServerUfrag, ServerPassword, out _));
    }

    [Fact]
    public void A_check_signed_with_the_wrong_password_is_unauthorized()
    {
        var request = BuildRequest("srvU", "cliU", "not-the-password"u8.ToArray());

        Assert.True(StunMessage.TryParse(request, out var message));
        Assert.Equal(IceBindingRequestStatus.Unauthorized, IceBindingRequestValidator.Validate(message, ServerUfrag, ServerPassword, out _));
    }

    [Fact]
    public void A_check_without_integrity_is_a_bad_request_and_one_without_fingerprint_is_discarded()
    {
        var buffer = new byte[128];
        var noIntegrity = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        noIntegrity.AddUsername("srvU:cliU");
        noIntegrity.AddPriority(1);
        noIntegrity.AddIceControlling(1);
        noIntegrity.AddFingerprint();
        Assert.True(StunMessage.TryParse(noIntegrity.Written, out var withoutIntegrity));
        Assert.Equal(IceBindingRequestStatus.BadRequest, IceBindingRequestValidator.Validate(withoutIntegrity, ServerUfrag, ServerPassword, out _));

        var noFingerprint = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, StunTransactionId.NewRandom());
        noFingerprint.AddUsername("srvU:cliU");
        noFingerprint.AddMessageIntegrity(ServerPassword);
        Assert.True(StunMessage.TryParse(noFingerprint.Written, out var withoutFingerprint));
        Assert.Equal(IceBindingRequestStatus.Discard, IceBindingRequestValidator.Validate(withoutFingerprint, ServerUfrag, ServerPassword, out _));
    }

    [Fact]
    public void A_binding_indication_is_not_a_request()
    {
        var buffer = new byte[64];
        var keepalive = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Indication, StunTransactionId.NewRandom());
        keepalive.AddFingerprint();

        Assert.True(StunMessage.TryParse(keepalive.Written, out var message));
        Assert.Equal(IceBindingRequestStatus.NotBindingRequest, IceBindingRequestValidator.Validate(message, ServerUfrag, ServerPassword, out _));
    }

    [Theory]
    [InlineData(IceRole.Controlling, true, 10UL, 5UL, IceRoleConflictOutcome.RespondRoleConflict)]
    [InlineData(IceRole.Controlling, true, 5UL, 10UL, IceRoleConflictOutcome.SwitchLocalRole)]
    [InlineData(IceRole.Controlled, false, 10UL, 5UL, IceRoleConflictOutcome.SwitchLocalRole)]
    [InlineData(IceRole.Controlled, false, 5UL, 10UL, IceRoleConflictOutcome.RespondRoleConflict)]
    [InlineData(IceRole.Controlled, true, 5UL, 10UL, IceRoleConflictOutcome.None)]
    [InlineData(IceRole.Controlling, false, 5UL, 10UL, IceRoleConflictOutcome.None)]
    public void Role_conflicts_are_resolved_by_tie_breaker(IceRole local, bool remoteControlling, ulong localTieBreaker, ulong remoteTieBreaker, IceRoleConflictOutcome expected)
    {
        var buffer = new byte[256];
        var length = IceStunMessages.WriteBindingRequest(buffer, StunTransactionId.NewRandom(), "srvU", "cliU", ServerPassword,
            1, remoteControlling ? IceRole.Controlling : IceRole.Controlled, remoteTieBreaker, useCandidate: false);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.Equal(expected, IceBindingRequestValidator.CheckRoleConflict(message, local, localTieBreaker));
    }

    [Fact]
    public void Error_responses_carry_the_code_and_integrity_only_when_keyed()
    {
        var buffer = new byte[256];
        var transactionId = StunTransactionId.NewRandom();
        var length = IceStunMessages.WriteBindingError(buffer, transactionId, StunErrorCode.RoleConflict,
            IceStunMessages.ReasonPhrase(StunErrorCode.RoleConflict), ServerPassword);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var keyed));
        Assert.Equal(StunMessageClass.ErrorResponse, keyed.Class);
        Assert.True(keyed.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
        Assert.True(keyed.VerifyMessageIntegrity(ServerPassword));
        Assert.True(keyed.VerifyFingerprint());

        length = IceStunMessages.WriteBindingError(buffer, transactionId, StunErrorCode.Unauthorized, "Unauthorized", default);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var unkeyed));
        Assert.False(unkeyed.HasMessageIntegrity);
        Assert.True(unkeyed.VerifyFingerprint());
    }

    private static byte[] BuildRequest(string remoteUfrag, string localUfrag, byte[] password)
    {
        var buffer = new byte[576];
        var length = IceStunMessages.WriteBindingRequest(buffer, StunTransactionId.NewRandom(), remoteUfrag, localUfrag, password,
            priority: 100, IceRole.Controlling, tieBreaker: 7, useCandidate: true);
        return buffer.AsSpan(0, length).ToArray();
    }

    private static int Answer(ReadOnlySpan<byte> datagram, IPEndPoint source, Span<byte> response)
    {
        Assert.True(StunMessage.IsStun(datagram));
        Assert.True(StunMessage.TryParse(datagram, out var request));
        Assert.Equal(IceBindingRequestStatus.Valid, IceBindingRequestValidator.Validate(request, ServerUfrag, ServerPassword, out _));
        Assert.Equal(IceRoleConflictOutcome.None, IceBindingRequestValidator.CheckRoleConflict(request, IceRole.Controlled, 1));
        return IceStunMessages.WriteBindingSuccess(response, request.TransactionId, source, ServerPassword);
    }
}
