using Parley.Client;
using Parley.Client.Media.Rooms;
using Parley.Load.Common;
using Parley.WebRtc.Client;

namespace Parley.Load.Room;

/// <summary>Parley as the room scenario's target: one <see cref="ParleyClient"/> per participant, automatic subscriptions.</summary>
public sealed class ParleyRoomTarget(Uri server, IUserSigSource userSigs) : IRoomTarget
{
    private readonly List<ParleyClient> _clients = [];
    private readonly List<RemoteTrack> _remoteTracks = [];

    public string Name => "Parley";

    public string? SrtpProfile => null;

    public long PacketsLostByReceivers
    {
        get
        {
            lock (_remoteTracks)
            {
                return _remoteTracks.Sum(t => t.PacketsLost);
            }
        }
    }

    public int SilentSubscriptions
    {
        get
        {
            lock (_remoteTracks)
            {
                return _remoteTracks.Count(t => t.PacketsReceived == 0);
            }
        }
    }

    public async Task<IReadOnlyList<RtpSink>> ConnectAsync(RoomSettings settings, ClientPacketHandler onRtp, TextWriter log, CancellationToken cancellationToken)
    {
        var roomBase = Random.Shared.Next(1_000_000, 9_000_000);
        var sinks = new List<RtpSink>();
        using var subscribed = new CountdownEvent(settings.Rooms * settings.Subscribers * settings.Publishers);
        for (var r = 0; r < settings.Rooms; r++)
        {
            var room = roomBase + r;
            for (var s = 0; s < settings.Subscribers; s++)
            {
                var subscriber = await JoinAsync($"load_sub{s}_{room}", room, cancellationToken);
                subscriber.RemoteTrackAdded += (_, e) =>
                {
                    lock (_remoteTracks)
                    {
                        _remoteTracks.Add(e.Track);
                    }

                    e.Track.RtpReceived += onRtp;
                    subscribed.Signal();
                };
            }

            for (var p = 0; p < settings.Publishers; p++)
            {
                var publisher = await JoinAsync($"load_pub{p}_{room}", room, cancellationToken);
                var writer = new RtpTrackWriter(MediaSource.Camera);
                await publisher.PublishAsync(writer, cancellationToken);
                sinks.Add(writer.Write);
            }
        }

        if (!subscribed.Wait(TimeSpan.FromSeconds(60), cancellationToken))
        {
            throw new TimeoutException($"Only {subscribed.InitialCount - subscribed.CurrentCount} of {subscribed.InitialCount} subscriptions arrived in 60 s.");
        }

        await log.WriteLineAsync($"Parley: {_clients.Count} clients joined {settings.Rooms} rooms; {subscribed.InitialCount} subscriptions");
        return sinks;
    }

    private async Task<ParleyClient> JoinAsync(string identifier, long room, CancellationToken cancellationToken)
    {
        var client = new ParleyClient(new ParleyClientOptions { ServerUri = server, Platform = "linux" });
        _clients.Add(client);
        await client.LoginAsync(userSigs.SdkAppId, identifier, await userSigs.GetUserSigAsync(identifier, cancellationToken), cancellationToken: cancellationToken);
        await client.JoinRoomAsync(room, cancellationToken: cancellationToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
