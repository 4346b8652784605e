using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Parley.Server.Media.Nodes;
using Parley.Server.Media.Rooms;
using Parley.Server.Media.Turn;
using Parley.Signaling.MediaHooks;
using Parley.WebRtc;
using Parley.Server.Hosting;

namespace Parley.Server.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the process's media port (<see cref="MediaServerAccessor"/>, <c>Media</c> options). Everything that
    /// carries media (the echo test, the SFU) takes the port from the accessor. Also registers the room media glue
    /// (<see cref="SessionMediaHandler"/>), so rooms carry audio and video.
    /// </summary>
    public static IServiceCollection AddParleyMedia(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>>(new OptionsCheck<MediaOptions>(o => o.Validate())));
        services.AddSingleton<MediaServerAccessor>();

        // TURN through an external coturn (docs/turn.md): each login/resume answer carries time-limited credentials.
        services.AddOptions<TurnOptions>().Bind(configuration.GetSection(TurnOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TurnOptions>>(new OptionsCheck<TurnOptions>(o => o.Validate())));
        services.TryAddSingleton<IIceServerProvider, TurnIceServerProvider>();

        // Rooms get media: the SFU glue behind signaling's media methods (docs/sfu.md, ARCHITECTURE.md "Media hook").
        // A room's media lives on one node (the RoomMediaGrain activation, placed by load); sessions on any node reach
        // it through their stay's link (ARCHITECTURE.md "Media across nodes").
        services.AddSingleton<RoomMediaRegistry>();
        services.AddSingleton<LocalRoomMedia>();
        services.AddSingleton<SessionMediaHandler>();
        services.AddSingleton<ISessionMediaHandler>(provider => provider.GetRequiredService<SessionMediaHandler>());
        services.AddHostedService<MediaNodeWatch>();

        // Recording rooms to WebM files on the room's media node (docs/recording.md).
        services.AddOptions<Recording.RecordingOptions>().Bind(configuration.GetSection(Recording.RecordingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Recording.RecordingOptions>>(new OptionsCheck<Recording.RecordingOptions>(o => o.Validate())));
        services.AddSingleton<Recording.RecordingStorage>();
        services.AddSingleton<Recording.LocalRecordings>();
        services.AddSingleton<Recording.RecordingService>();
        // The admin API's mute and traffic figures (docs/admin-api.md), through the room's media grain.
        services.AddSingleton<IRoomMediaControl, RoomMediaControl>();
        return services;
    }
}
