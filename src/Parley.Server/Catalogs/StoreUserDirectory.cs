using Parley.Server.Storage;
using Parley.Signaling.Abstractions;

namespace Parley.Server.Catalogs;

/// <summary><see cref="IUserDirectory"/> over the store: case-insensitive identity, first spelling kept (R2.1).</summary>
public sealed class StoreUserDirectory(IParleyStore store) : IUserDirectory
{
    public async ValueTask<string> RecordLoginAsync(long sdkAppId, string identifier, DateTimeOffset at, CancellationToken cancellationToken) =>
        await store.Users.RecordLoginAsync(sdkAppId, identifier, at, cancellationToken);
}
