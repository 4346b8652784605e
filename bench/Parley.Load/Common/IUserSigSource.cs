namespace Parley.Load.Common;

/// <summary>Where simulated users get their userSig: signed locally with the app key, or from the dev server.</summary>
public interface IUserSigSource
{
    /// <summary>The app the userSigs are for.</summary>
    long SdkAppId { get; }

    Task<string> GetUserSigAsync(string identifier, CancellationToken cancellationToken);
}
