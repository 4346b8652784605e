using System.Collections.Concurrent;
using Parley.Signaling.Abstractions;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>Test double of the server's user storage: remembers the first spelling of each identifier (R2.1).</summary>
public sealed class InMemoryUserDirectory : IUserDirectory
{
    private readonly ConcurrentDictionary<(long, string), string> _users = new();

    public ValueTask<string> RecordLoginAsync(long sdkAppId, string identifier, DateTimeOffset at, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_users.GetOrAdd((sdkAppId, identifier.ToLowerInvariant()), identifier));
}
