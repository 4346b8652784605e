namespace Parley.Server.Admin;

/// <summary>Body of <c>POST /api/apps</c>; every field is optional.</summary>
public sealed record CreateAppRequest(string? Name, long? AccountType, bool WithKeyPair, bool RequirePrivateMapKey = false);
