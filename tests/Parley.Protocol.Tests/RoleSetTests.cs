using Parley.Protocol.Roles;

namespace Parley.Protocol.Tests;

public class RoleSetTests
{
    private static readonly RoleDefinition Anchor =
        new("anchor", Platform.Web, new VideoParameters(1280, 720, 30, 600, 2000), new AudioParameters(48000, 2, 64));

    private static readonly RoleDefinition Audience =
        new("audience", Platform.Web, new VideoParameters(320, 180, 15, 50, 200), new AudioParameters(48000, 1, 24), IsDefault: true);

    [Fact]
    public void A_configured_role_name_resolves_to_that_role()
    {
        var set = new RoleSet(Platform.Web, "audience", [Anchor, Audience]);

        Assert.Same(Anchor, set.Resolve("anchor")); // R4.3
    }

    [Fact]
    public void An_unknown_role_name_resolves_to_the_default_role()
    {
        var set = new RoleSet(Platform.Web, "audience", [Anchor, Audience]);

        Assert.Same(Audience, set.Resolve("director")); // R4.4
        Assert.Same(Audience, set.Resolve(null)); // R4.4
    }

    [Fact]
    public void Role_names_are_matched_exactly()
    {
        var set = new RoleSet(Platform.Web, "audience", [Anchor, Audience]);

        Assert.Null(set.Find("Anchor"));
    }

    [Fact]
    public void A_set_with_no_roles_still_resolves_to_the_built_in_default_of_its_platform()
    {
        var set = new RoleSet(Platform.Ios, RoleDefinition.BuiltInDefaultName, []);

        var role = set.Resolve("anything"); // R4.4

        Assert.Equal(RoleDefinition.BuiltInDefault(Platform.Ios), role);
        Assert.True(role.IsDefault);
    }

    [Theory]
    [InlineData("web", "web")]
    [InlineData("Android", "android")]
    [InlineData("IOS", "ios")]
    [InlineData("linux", "linux")]
    public void Platform_names_normalize_case_insensitively(string input, string expected)
    {
        Assert.True(Platform.TryNormalize(input, out var platform)); // R4.2
        Assert.Equal(expected, platform);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("symbian")]
    public void Unknown_platforms_are_refused(string? input)
    {
        Assert.False(Platform.TryNormalize(input, out _));
    }
}
