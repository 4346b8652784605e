using Parley.Client.Internal;

namespace Parley.Client;

/// <summary>
/// The URLs the client connects to: the app's (<see cref="ParleyClientOptions.ServerUri"/>, then
/// <see cref="ParleyClientOptions.FallbackServerUris"/>), followed by the cluster's nodes the server named in the
/// <c>servers</c> of each login and resume answer (docs/protocol.md §4.1, docs/cluster.md).
/// </summary>
public sealed partial class ParleyClient
{
    /// <summary>Most URLs learned from the server: a misbehaving server cannot grow the list without bound.</summary>
    private const int MaxLearnedServers = 32;

    private readonly Lock _serversGate = new();
    // Only ever grows, by appending: _serverIndex stays valid and the app's URLs keep their places at the front.
    private Uri[] _servers = [];

    /// <summary>
    /// Every URL the client tries in turn when a connection fails: the app's first, in its order, then the other nodes
    /// learned from the server's answers. A learned URL never replaces or reorders one the app gave; learned URLs are
    /// kept for the client's lifetime (one of a node that left costs a failed connection attempt).
    /// </summary>
    public IReadOnlyList<Uri> ServerUris => Volatile.Read(ref _servers);

    private void InitializeServers() => _servers = [.. _options.AllServerUris];

    /// <summary>Appends the answer's <c>servers</c> that are new (ws/wss URLs only; anything else is ignored).</summary>
    private void LearnServers(IReadOnlyList<string>? urls)
    {
        if (urls is not { Count: > 0 })
        {
            return;
        }

        lock (_serversGate)
        {
            var known = _servers;
            var learned = new List<Uri>();
            foreach (var text in urls)
            {
                if (known.Length + learned.Count >= _options.AllServerUris.Count + MaxLearnedServers)
                {
                    break;
                }

                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" && !known.Contains(uri) && !learned.Contains(uri))
                {
                    learned.Add(uri);
                    Log.LearnedServer(_logger, uri);
                }
            }

            if (learned.Count > 0)
            {
                Volatile.Write(ref _servers, [.. known, .. learned]);
            }
        }
    }
}
