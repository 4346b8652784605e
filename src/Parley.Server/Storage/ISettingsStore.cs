namespace Parley.Server.Storage;

/// <summary>Installation-wide key/value settings (for example the generated admin token).</summary>
public interface ISettingsStore
{
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    Task SetAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> unless the key has one already; returns the value in force.</summary>
    Task<string> GetOrAddAsync(string key, string value, CancellationToken cancellationToken);
}
