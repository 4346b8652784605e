namespace Parley.Server.Hosting;

/// <summary>Body of <c>/healthz</c>: <c>status</c> is <c>ok</c>, <c>unavailable</c> (the flags say which part failed) or <c>draining</c> (shutting down).</summary>
public sealed record HealthStatus(string Status, bool Silo, bool Store);
