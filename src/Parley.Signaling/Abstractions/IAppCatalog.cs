namespace Parley.Signaling.Abstractions;

/// <summary>Looks up apps for signaling. Implemented by the server's storage layer; cache-friendly (called per login).</summary>
public interface IAppCatalog
{
    /// <summary>The app's signing material, or null when no app has this sdkAppId (70020).</summary>
    ValueTask<AppSigningInfo?> FindAppAsync(long sdkAppId, CancellationToken cancellationToken);
}
