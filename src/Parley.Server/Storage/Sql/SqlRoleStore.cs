using System.Diagnostics.CodeAnalysis;
using Dapper;
using Parley.Protocol.Roles;

namespace Parley.Server.Storage.Sql;

internal sealed class SqlRoleStore(SqlDialect database) : IRoleStore
{
    public async Task<IReadOnlyList<RoleDefinition>> ListAsync(long sdkAppId, string? platform, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT platform AS Platform, name AS Name,
                   video_width AS VideoWidth, video_height AS VideoHeight, video_fps AS VideoFps,
                   video_min_bitrate_kbps AS VideoMinBitrateKbps, video_max_bitrate_kbps AS VideoMaxBitrateKbps,
                   audio_sample_rate AS AudioSampleRate, audio_channels AS AudioChannels,
                   audio_bitrate_kbps AS AudioBitrateKbps, is_default AS IsDefault
            FROM roles
            WHERE sdk_app_id = @sdkAppId AND (@platform IS NULL OR platform = @platform)
            ORDER BY platform, name
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RoleRow>(new CommandDefinition(
            sql, new { sdkAppId, platform }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDefinition()).ToList();
    }

    public async Task UpsertAsync(long sdkAppId, RoleDefinition role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        const string clearOtherDefaults = """
            UPDATE roles SET is_default = 0
            WHERE sdk_app_id = @SdkAppId AND platform = @Platform AND name <> @Name AND is_default <> 0
            """;
        const string upsert = """
            INSERT INTO roles (sdk_app_id, platform, name, video_width, video_height, video_fps,
                               video_min_bitrate_kbps, video_max_bitrate_kbps,
                               audio_sample_rate, audio_channels, audio_bitrate_kbps, is_default)
            VALUES (@SdkAppId, @Platform, @Name, @VideoWidth, @VideoHeight, @VideoFps,
                    @VideoMinBitrateKbps, @VideoMaxBitrateKbps,
                    @AudioSampleRate, @AudioChannels, @AudioBitrateKbps, @IsDefault)
            ON CONFLICT (sdk_app_id, platform, name) DO UPDATE SET
                video_width = excluded.video_width, video_height = excluded.video_height,
                video_fps = excluded.video_fps,
                video_min_bitrate_kbps = excluded.video_min_bitrate_kbps,
                video_max_bitrate_kbps = excluded.video_max_bitrate_kbps,
                audio_sample_rate = excluded.audio_sample_rate, audio_channels = excluded.audio_channels,
                audio_bitrate_kbps = excluded.audio_bitrate_kbps, is_default = excluded.is_default
            """;
        var args = new
        {
            SdkAppId = sdkAppId,
            role.Platform,
            role.Name,
            VideoWidth = role.Video.Width,
            VideoHeight = role.Video.Height,
            VideoFps = role.Video.Fps,
            VideoMinBitrateKbps = role.Video.MinBitrateKbps,
            VideoMaxBitrateKbps = role.Video.MaxBitrateKbps,
            AudioSampleRate = role.Audio.SampleRate,
            AudioChannels = role.Audio.Channels,
            AudioBitrateKbps = role.Audio.BitrateKbps,
            IsDefault = role.IsDefault ? 1 : 0,
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (role.IsDefault)
        {
            // Two roles marked default at once must not both keep the mark.
            await database.LockAsync(connection, transaction, $"roles/{sdkAppId}/{role.Platform}", cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(clearOtherDefaults, args, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(upsert, args, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(long sdkAppId, string platform, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM roles WHERE sdk_app_id = @sdkAppId AND platform = @platform AND name = @name",
            new { sdkAppId, platform, name }, cancellationToken: cancellationToken));
        return deleted > 0;
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Materialized by Dapper.")]
    private sealed class RoleRow
    {
        public string Platform { get; set; } = "";

        public string Name { get; set; } = "";

        public long VideoWidth { get; set; }

        public long VideoHeight { get; set; }

        public long VideoFps { get; set; }

        public long VideoMinBitrateKbps { get; set; }

        public long VideoMaxBitrateKbps { get; set; }

        public long AudioSampleRate { get; set; }

        public long AudioChannels { get; set; }

        public long AudioBitrateKbps { get; set; }

        public long IsDefault { get; set; }

        public RoleDefinition ToDefinition() => new(
            Name,
            Platform,
            new VideoParameters((int)VideoWidth, (int)VideoHeight, (int)VideoFps, (int)VideoMinBitrateKbps, (int)VideoMaxBitrateKbps),
            new AudioParameters((int)AudioSampleRate, (int)AudioChannels, (int)AudioBitrateKbps),
            IsDefault != 0);
    }
}
