namespace Parley.Server.Hosting;

/// <summary>General host settings, bound from the <c>Parley</c> configuration section.</summary>
public sealed class ParleyOptions
{
    public const string SectionName = "Parley";

    /// <summary>HTTP port used when no <c>--urls</c>/<c>ASPNETCORE_URLS</c> is given.</summary>
    public int HttpPort { get; set; } = 7400;

    /// <summary>Enables developer conveniences (<c>GET /dev/usersig</c>). Set by <c>--dev</c>.</summary>
    public bool DevMode { get; set; }

    /// <summary>Folder of static web files; empty means "look for the repository's <c>web/</c> folder".</summary>
    public string? WebRoot { get; set; }

    /// <summary>
    /// <c>Parley:MaxRequestBodyBytes</c>: the largest HTTP request body Kestrel accepts (JSON and SDP bodies are a few
    /// KB; 413 with code 91006 beyond). WebSocket messages are not bodies and have their own limits.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a graceful shutdown may take before the host gives up on hosted services.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// When set, the server stops by itself once the process with this id is gone: for a supervisor or test harness
    /// that starts servers as children, so none outlives it (0: off).
    /// </summary>
    public int ParentProcessId { get; set; }

    /// <summary>
    /// Return memory to the system once the server has gone quiet after a burst (<see cref="IdleMemoryTrim"/>): one
    /// aggressive full collection, never while this node forwards media. Default on.
    /// </summary>
    public bool IdleMemoryTrim { get; set; } = true;
}
