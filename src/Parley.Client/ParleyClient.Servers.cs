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
    // The app's URLs first, in their order, then the learned ones. Replaced whole (never changed in place) by each answer
    // that names servers; _serverIndex is moved along so it names the same URL as before.
    private Uri[] _servers = [];

    /// <summary>
    /// Every URL the client tries in turn when a connection fails: the app's first, in its order, then the other nodes
    /// learned from the server's answers. A learned URL never replaces or reorders one the app gave, and is dropped again
    /// when a later login or resume answer no longer names it (the node left the cluster), unless it is the one in use.
    /// </summary>
    public IReadOnlyList<Uri> ServerUris => Volatile.Read(ref _servers);

    private void InitializeServers() => _servers = [.. _options.AllServerUris];

    /// <summary>
    /// Brings the learned URLs in line with an answer's <c>servers</c> (ws/wss URLs only; anything else is ignored): new ones
    /// are appended, learned ones it no longer names are dropped (never the app's, never the one in use). An answer without
    /// <c>servers</c> (a server where no node announces a URL) changes nothing. Caller holds <c>_gate</c>.
    /// </summary>
    private void LearnServers(IReadOnlyList<string>? urls)
    {
        if (urls is null)
        {
            return;
        }

        lock (_serversGate)
        {
            var known = _servers;
            var own = _options.AllServerUris;
            var inUse = known[Math.Clamp(Volatile.Read(ref _serverIndex), 0, known.Length - 1)];
            var listed = new List<Uri>();
            foreach (var text in urls)
            {
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" && !listed.Contains(uri))
                {
                    listed.Add(uri);
                }
            }

            // Kept: the app's URLs, then the learned ones still listed (or in use), in their places; then the new ones.
            var next = new List<Uri>(own);
            foreach (var uri in known.Skip(own.Count))
            {
                if (listed.Contains(uri) || uri == inUse)
                {
                    next.Add(uri);
                }
                else
                {
                    Log.DroppedServer(_logger, uri);
                }
            }

            foreach (var uri in listed)
            {
                if (next.Count >= own.Count + MaxLearnedServers)
                {
                    break;
                }

                if (!next.Contains(uri))
                {
                    next.Add(uri);
                    Log.LearnedServer(_logger, uri);
                }
            }

            if (next.SequenceEqual(known))
            {
                return;
            }

            // The index first: a reader between the two writes sees the old list with an index no larger than before (only
            // URLs before the one in use can go), so never one out of range.
            Volatile.Write(ref _serverIndex, next.IndexOf(inUse));
            Volatile.Write(ref _servers, [.. next]);
        }
    }
}
