using Parley.Signaling.Abstractions;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>Test double of the server's app storage: exactly <see cref="TestApp.SdkAppId"/> and <see cref="TestApp.RequiresPrivateMapKeySdkAppId"/>.</summary>
public sealed class InMemoryAppCatalog : IAppCatalog
{
    public ValueTask<AppSigningInfo?> FindAppAsync(long sdkAppId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(sdkAppId switch
        {
            TestApp.SdkAppId => new AppSigningInfo(sdkAppId, 36862, TestApp.SecretKey, null),
            TestApp.RequiresPrivateMapKeySdkAppId => new AppSigningInfo(sdkAppId, 36863, TestApp.SecretKey, null, RequirePrivateMapKey: true),
            _ => null,
        });
}
