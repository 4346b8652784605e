namespace Parley.Server.Admin;

/// <summary>Body of <c>PATCH /api/apps/{sdkAppId}</c>: the settings to change; an absent field keeps its value.</summary>
public sealed record UpdateAppRequest(bool? RequirePrivateMapKey);
