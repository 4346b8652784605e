using Parley.Protocol.Roles;

namespace Parley.Server.Admin;

/// <summary>Body of <c>PUT /api/apps/{sdkAppId}/roles/{platform}/{name}</c>: the complete parameter set of the role (R4.1).</summary>
public sealed record PutRoleRequest(VideoParameters? Video, AudioParameters? Audio, bool IsDefault);
