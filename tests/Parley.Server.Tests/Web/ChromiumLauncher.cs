using System.Diagnostics;
using Microsoft.Playwright;

namespace Parley.Server.Tests.Web;

/// <summary>
/// Starts Debian's Chromium (installing it with scripts/install-chromium.sh when missing) through Playwright.
/// Playwright never downloads a browser here: it drives /usr/bin/chromium. A missing browser fails the test.
/// A copy of Parley.WebRtc.Tests' launcher until the browser tests move into one project of their own.
/// </summary>
internal static class ChromiumLauncher
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    ];

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        await EnsureInstalledAsync();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return;
            }

            var script = Path.Combine(FindRepositoryRoot(), "scripts", "install-chromium.sh");
            using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("Could not start bash to install Chromium.");
            string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || !File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException($"Chromium is not installed and {script} could not install it (exit {process.ExitCode}): {output}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static string FindRepositoryRoot()
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
