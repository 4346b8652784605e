using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parley.Server.Hosting;

/// <summary>
/// The block printed once the server listens: where to connect and the credentials an operator needs first
/// (default app, its secret key, the admin token).
/// </summary>
public static class StartupBanner
{
    /// <summary>Writes the banner to the console and the log. Call after the server started.</summary>
    public static void Print(WebApplication app, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(console);
        var text = Compose(app.Services);
        console.WriteLine(text);
        ServerLog.Banner(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupBanner)), text);
    }

    public static string Compose(IServiceProvider services)
    {
        var state = services.GetRequiredService<ServerState>();
        var options = services.GetRequiredService<IOptions<ParleyOptions>>().Value;
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var app = state.DefaultApp;
        var text = new StringBuilder();
        text.AppendLine("==================== Parley ====================");
        foreach (var address in addresses)
        {
            // Kestrel reports a wildcard bind as http://[::]:port; show a URL a browser on this machine can open.
            text.AppendLine($"  URL:          {address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)}");
        }

        text.AppendLine($"  Default app:  sdkAppId {app.SdkAppId}, accountType {app.AccountType}");
        text.AppendLine($"  Secret key:   {app.SecretKey}");
        text.AppendLine($"  Admin token:  {state.AdminToken}{(state.AdminTokenFromConfiguration ? " (from configuration)" : "")}");
        if (options.DevMode)
        {
            text.AppendLine("  Dev mode:     GET /dev/usersig?identifier=alice");
        }

        text.Append("================================================");
        return text.ToString();
    }
}
