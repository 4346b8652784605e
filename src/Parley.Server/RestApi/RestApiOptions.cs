namespace Parley.Server.RestApi;

/// <summary>The vendor-compatible REST API (<c>POST /v4/{service}/{command}</c>); bound to the <c>RestApi</c> section.</summary>
public sealed class RestApiOptions
{
    public const string SectionName = "RestApi";

    /// <summary>
    /// The app admin identifier whose userSig authenticates REST calls (the vendor's default is <c>administrator</c>).
    /// Any app's secret key signs it, as for any other identifier.
    /// </summary>
    public string AdminIdentifier { get; set; } = "administrator";
}
