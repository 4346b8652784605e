namespace Parley.Server.Hosting;

/// <summary>
/// A shutdown always ends: once the host starts stopping, a background thread waits
/// <c>Parley:ShutdownTimeoutSeconds</c> plus a grace of 10 s and then ends the process with exit code 3 and one line
/// saying so. Without it a node whose database went away first (the silo retries writing its own death to the
/// membership table) would outlive its SIGTERM indefinitely.
/// </summary>
public static class ShutdownDeadline
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public static void Arm(TimeSpan shutdownTimeout, TextWriter error)
    {
        var deadline = shutdownTimeout + Grace;
        var thread = new Thread(() =>
        {
            Thread.Sleep(deadline);
            error.WriteLine($"parley-server: shutdown did not finish within {deadline.TotalSeconds:0} s (Parley:ShutdownTimeoutSeconds + {Grace.TotalSeconds:0} s); exiting");
            error.Flush();
            Environment.Exit(3);
        })
        {
            IsBackground = true,
            Name = "parley-shutdown-deadline",
        };
        thread.Start();
    }
}
