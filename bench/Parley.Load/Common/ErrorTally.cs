using System.Collections.Concurrent;
using Parley.Client;
using Parley.Protocol.Errors;

namespace Parley.Load.Common;

/// <summary>Counts failures by operation and catalog code (<see cref="ErrorCodes"/>), so a report shows what broke.</summary>
public sealed class ErrorTally
{
    private readonly ConcurrentDictionary<(string Operation, int Code), int> _counts = new();

    public int Total => _counts.Values.Sum();

    public void Add(string operation, Exception error)
    {
        var code = error switch
        {
            ParleyException parley => parley.Code,
            OperationCanceledException => ErrorCodes.Timeout,
            _ => ErrorCodes.InternalError,
        };
        _counts.AddOrUpdate((operation, code), 1, (_, n) => n + 1);
    }

    public IReadOnlyList<(string Operation, int Code, int Count)> Snapshot() =>
        [.. _counts.Select(kv => (kv.Key.Operation, kv.Key.Code, kv.Value)).OrderBy(e => e.Operation, StringComparer.Ordinal).ThenBy(e => e.Code)];
}
