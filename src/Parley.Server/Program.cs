using Parley.Server;
using Parley.Server.Hosting;

var app = ParleyApp.Build(args);
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, Console.Out));
await app.RunAsync();
