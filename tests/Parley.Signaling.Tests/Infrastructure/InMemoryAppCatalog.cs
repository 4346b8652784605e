using Parley.Signaling.Abstractions;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>Test double of the server's app storage: exactly <see cref="TestApp.SdkAppId"/>.</summary>
public sealed class InMemoryAppCatalog : IAppCatalog
{
    public ValueTask<AppSigningInfo?> FindAppAsync(long sdkAppId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(sdkAppId == TestApp.SdkAppId ? new AppSigningInfo(sdkAppId, 36862, TestApp.SecretKey, null) : null);
}
