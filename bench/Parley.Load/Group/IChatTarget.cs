namespace Parley.Load.Group;

/// <summary>
/// A chat server under group load: Parley (its WebSocket protocol and vendor REST API) or a peer such as ejabberd
/// (XMPP MUC), driven by the same scenario so their figures compare. Members are numbered 0..M-1 and spread over the
/// groups (member i is in group i % groups); the first <c>senders</c> members of each group also send.
/// </summary>
public interface IChatTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Creates the groups and their memberships (accounts too, where the server needs them).</summary>
    Task PrepareAsync(int members, int groups, CancellationToken cancellationToken);

    /// <summary>Connects member <paramref name="member"/> and makes it receive its group's messages into <paramref name="receiver"/>.</summary>
    Task ConnectAsync(int member, ChatReceiver receiver, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="text"/> from <paramref name="member"/> to its group; completes when the server acknowledged it.</summary>
    Task SendAsync(int member, string text, CancellationToken cancellationToken);

    /// <summary>Keeps idle connections alive (called every few seconds while the scenario runs).</summary>
    Task KeepAliveAsync(CancellationToken cancellationToken);
}
