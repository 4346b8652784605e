using System.Diagnostics;
using System.Net;
using Parley.Testing;

namespace Parley.Server.Tests;

/// <summary>
/// Issue 11 point 6 (docs/deploy.md): <c>dotnet publish -r linux-x64</c> gives a self-contained server, an executable
/// named <c>parley-server</c> beside its pages and docs, that runs without a .NET install and drains on SIGTERM.
/// </summary>
public sealed class PublishTests : IDisposable
{
    private readonly TempDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task Dotnet_publish_gives_a_self_contained_parley_server_that_serves_its_pages_and_stops_on_SIGTERM()
    {
        string published = Path.Combine(_output.Path, "parley");
        await PublishAsync(published);
        Assert.True(File.Exists(Path.Combine(published, "parley-server")), "the executable is parley-server");
        Assert.True(File.Exists(Path.Combine(published, "libcoreclr.so")), "the runtime travels with it");
        Assert.True(File.Exists(Path.Combine(published, "web", "demo", "index.html")), "the pages travel with it");
        Assert.True(File.Exists(Path.Combine(published, "docs", "deploy.md")), "the docs travel with it");

        // Outside the repository, so the pages it serves are its own copy.
        await using var server = await ServerProcess.StartAsync(executable: Path.Combine(published, "parley-server"));
        using var client = server.CreateClient();
        using (var demo = await client.GetAsync(new Uri("demo", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
        }

        using (var sdk = await client.GetAsync(new Uri("sdk/parley.js", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, sdk.StatusCode);
        }

        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(40)));
    }

    private static async Task PublishAsync(string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot(),
        };
        // Its own artifacts folder: the publish neither reads nor disturbs the build the other tests run from.
        foreach (var argument in new[] { "publish", "src/Parley.Server", "-c", "Release", "-r", "linux-x64", "-o", output,
                     "--artifacts-path", Path.Combine(output, "..", "artifacts"), "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited); // set by the test host's own build; the publish must start clean
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Parley.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
