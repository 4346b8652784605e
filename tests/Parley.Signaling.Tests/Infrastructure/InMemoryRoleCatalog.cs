using Parley.Protocol.Roles;
using Parley.Signaling.Abstractions;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>
/// Test double of the server's role storage (R4.2): every platform has the built-in default plus "anchor" and
/// "audience". Tests can replace the set (R4.6) or make the pull fail.
/// </summary>
public sealed class InMemoryRoleCatalog : IRoleCatalog
{
    public static readonly RoleDefinition Anchor = new("anchor", Platform.Web, new VideoParameters(1280, 720, 30, 600, 1800), new AudioParameters(48000, 2, 64));
    public static readonly RoleDefinition Audience = new("audience", Platform.Web, new VideoParameters(320, 180, 15, 100, 300), new AudioParameters(48000, 1, 24));

    private volatile IReadOnlyList<RoleDefinition> _roles = [RoleDefinition.BuiltInDefault(Platform.Web), Anchor, Audience];

    public bool Fail { get; set; }

    public void Replace(params RoleDefinition[] roles) => _roles = roles;

    public ValueTask<RoleSet> GetRoleSetAsync(long sdkAppId, string platform, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new InvalidOperationException("role storage unavailable");
        }
        return ValueTask.FromResult(new RoleSet(platform, RoleDefinition.BuiltInDefaultName, _roles));
    }
}
