using Parley.Auth;

namespace Parley.Load.Common;

/// <summary>Signs userSigs with the app's secret key, as an app backend would (R2.2).</summary>
public sealed class KeyUserSigSource(long sdkAppId, string secretKey) : IUserSigSource
{
    public long SdkAppId { get; } = sdkAppId;

    public Task<string> GetUserSigAsync(string identifier, CancellationToken cancellationToken) =>
        Task.FromResult(UserSigGenerator.Generate(SdkAppId, secretKey, identifier, expireSeconds: 24 * 3600));
}
