using Npgsql;

namespace Parley.Testing;

/// <summary>Settings of one node of a test cluster on loopback: PostgreSQL storage and the given membership mode.</summary>
public static class ClusterNode
{
    public static Dictionary<string, string?> Settings(string database, string clusteringMode, string clusterId) => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = database,
        ["Orleans:ClusteringMode"] = clusteringMode,
        ["Orleans:AdvertisedAddress"] = "127.0.0.1",
        ["Orleans:ClusterId"] = clusterId,
    };

    /// <summary>Orleans' <c>SiloStatus.Active</c>, as the membership table stores it.</summary>
    public const int Active = 3;

    /// <summary>Orleans' <c>SiloStatus.Dead</c>.</summary>
    public const int Dead = 6;

    /// <summary>
    /// Waits until the PostgreSQL membership table lists at least <paramref name="count"/> silos of the cluster in
    /// <paramref name="status"/> (<see cref="Active"/>, <see cref="Dead"/>); throws <see cref="TimeoutException"/> after 60 s.
    /// </summary>
    public static async Task WaitForSilosAsync(string database, string clusterId, int status, int count)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM orleans_membership WHERE cluster_id = @cluster AND status = @status", connection);
            command.Parameters.AddWithValue("cluster", clusterId);
            command.Parameters.AddWithValue("status", status);
            if ((long)(await command.ExecuteScalarAsync())! >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {count} silos of {clusterId} in status {status}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Settings of a media-serving node of a PostgreSQL-membership cluster for browser tests: quiet logs, media
    /// candidates announced on loopback (give each node its port with <see cref="WithOwnMediaPort"/>).
    /// </summary>
    public static Dictionary<string, string> MediaNodeSettings(string database, string clusterId)
    {
        var settings = Settings(database, "postgres", clusterId).ToDictionary(s => s.Key, s => s.Value!);
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Media:AnnouncedAddresses:0"] = "127.0.0.1";
        return settings;
    }

    /// <summary>A node's settings with its own media port (nodes on one machine cannot share one).</summary>
    public static Dictionary<string, string> WithOwnMediaPort(IReadOnlyDictionary<string, string> settings) =>
        new(settings) { ["Media:UdpPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
