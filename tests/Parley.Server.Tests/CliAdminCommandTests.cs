using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol.Roles;
using Parley.Server.Storage;

namespace Parley.Server.Tests;

/// <summary>The <c>parley app</c> and <c>parley role</c> commands, run in-process against a live server.</summary>
public sealed class CliAdminCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        string[] withConnection = args.Contains("--token")
            ? [.. args, "--server", fixture.Server.BaseUri.ToString()]
            : [.. args, "--server", fixture.Server.BaseUri.ToString(), "--token", fixture.Server.AdminToken];
        var exitCode = await Parley.Cli.Program.CreateRootCommand().Parse(withConnection)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task App_create_prints_the_new_app_and_app_list_shows_it()
    {
        var (exitCode, output, error) = await RunAsync("app", "create", "--name", "From CLI");
        var id = long.Parse(output.Split('\n')[0].Split(':')[1].Trim(), CultureInfo.InvariantCulture);
        var (listExit, list, _) = await RunAsync("app", "list");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Matches(@"secretKey:\s+[0-9a-f]{64}\n", output);
        Assert.Equal(0, listExit);
        Assert.Contains(list.Split('\n'), line => line.StartsWith(id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) && line.EndsWith("From CLI", StringComparison.Ordinal));
    }

    [Fact]
    public async Task App_create_with_keypair_prints_the_private_key_once_with_a_warning()
    {
        var (exitCode, output, error) = await RunAsync("app", "create", "--with-keypair", "--json");

        using var json = JsonDocument.Parse(output);
        Assert.Equal(0, exitCode);
        Assert.Contains("BEGIN PRIVATE KEY", json.RootElement.GetProperty("privateKeyPem").GetString(), StringComparison.Ordinal);
        var (_, list, _) = await RunAsync("app", "list", "--json");
        Assert.DoesNotContain("PRIVATE KEY", list, StringComparison.Ordinal);
        Assert.Empty(error); // --json: nothing on stderr to keep scripts simple

        var (_, text, warning) = await RunAsync("app", "create", "--with-keypair");
        Assert.Contains("BEGIN PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.Contains("only once", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_create_and_app_update_set_require_privatemapkey()
    {
        // docs/protocol.md §12: the per-app setting, from the CLI.
        var (exitCode, output, _) = await RunAsync("app", "create", "--name", "Strict", "--require-privatemapkey", "--json");
        Assert.Equal(0, exitCode);
        using var created = JsonDocument.Parse(output);
        Assert.True(created.RootElement.GetProperty("requirePrivateMapKey").GetBoolean());
        var id = created.RootElement.GetProperty("sdkAppId").GetInt64().ToString(CultureInfo.InvariantCulture);

        var (updateExit, updated, _) = await RunAsync("app", "update", id, "--require-privatemapkey", "false");

        Assert.Equal(0, updateExit);
        Assert.Equal(id + " requirePrivateMapKey: no\n", updated);
        var store = fixture.Server.Services.GetRequiredService<IParleyStore>();
        Assert.False((await store.Apps.FindAsync(long.Parse(id, CultureInfo.InvariantCulture), CancellationToken.None))!.RequirePrivateMapKey);
    }

    [Fact]
    public async Task Role_set_stores_the_parameters_and_role_list_prints_them()
    {
        var app = fixture.Server.DefaultApp.SdkAppId.ToString(CultureInfo.InvariantCulture);

        var (exitCode, output, _) = await RunAsync("role", "set", "--sdkappid", app, "--platform", "ios", "--name", "cli-anchor",
            "--width", "1280", "--height", "720", "--fps", "30", "--min-bitrate", "600", "--max-bitrate", "1500",
            "--sample-rate", "48000", "--channels", "2", "--audio-bitrate", "64", "--default");
        var (listExit, list, _) = await RunAsync("role", "list", "--sdkappid", app, "--platform", "ios");

        const string Line = "ios/cli-anchor 1280x720@30 600-1500kbps 48000Hz/2ch 64kbps default\n";
        Assert.Equal(0, exitCode);
        Assert.Equal(Line, output);
        Assert.Equal(0, listExit);
        Assert.Equal(Line, list);
        var stored = await fixture.Server.Services.GetRequiredService<IParleyStore>().Roles.ListAsync(fixture.Server.DefaultApp.SdkAppId, Platform.Ios, CancellationToken.None);
        Assert.Equal(new RoleDefinition("cli-anchor", Platform.Ios, new VideoParameters(1280, 720, 30, 600, 1500), new AudioParameters(48000, 2, 64), true), Assert.Single(stored));
    }

    [Fact]
    public async Task Api_errors_go_to_stderr_with_the_error_code_and_exit_code_1()
    {
        var app = fixture.Server.DefaultApp.SdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (badRole, _, roleError) = await RunAsync("role", "set", "--sdkappid", app, "--platform", "tv", "--name", "x");
        var (noApp, _, appError) = await RunAsync("role", "set", "--sdkappid", "1", "--platform", "web", "--name", "x");
        var (badToken, _, tokenError) = await RunAsync("app", "list", "--token", "wrong");

        Assert.Equal(1, badRole);
        Assert.Contains("91004", roleError, StringComparison.Ordinal);
        Assert.Equal(1, noApp);
        Assert.Contains("91002", appError, StringComparison.Ordinal);
        Assert.Equal(1, badToken);
        Assert.Contains("91001", tokenError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_exits_with_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Parley.Cli.Program.CreateRootCommand()
            .Parse(["app", "list", "--server", $"http://127.0.0.1:{Parley.Testing.FreePorts.Next()}", "--token", "t"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot reach", error.ToString(), StringComparison.Ordinal);
    }
}
