namespace Parley.Client.Tests.EndToEnd;

/// <summary>The fields of the admin API's created-app answer the tests use.</summary>
public sealed record CreatedApp(long SdkAppId, string SecretKey);
