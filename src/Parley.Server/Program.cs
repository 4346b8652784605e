using Parley.Server;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Hosting;

// A settings or surroundings mistake (unknown provider, unreachable database, port in use) ends the process with one
// line naming the key and exit code 1; anything else is a bug and keeps its stack trace.
try
{
    var app = ParleyApp.Build(args);
    await ServerPreflight.RunAsync(app, CancellationToken.None);
    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, Console.Out));
    var shutdownTimeout = TimeSpan.FromSeconds(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ParleyOptions>>().Value.ShutdownTimeoutSeconds);
    app.Lifetime.ApplicationStopping.Register(() => ShutdownDeadline.Arm(shutdownTimeout, Console.Error));
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.Describe(e) is { } line)
{
    await Console.Error.WriteLineAsync($"parley-server: cannot start: {line}");
    return 1;
}
