using System.Collections.Concurrent;
using Parley.Auth;
using Parley.Client.Media.Rooms;
using Parley.Protocol.Errors;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// Issue 8 point 4 with real media: each send and receive bit of a PrivateMapKey (product-rules §2) decides what a
/// <see cref="ParleyClient"/> may publish and which remote tracks reach it, through the SFU of a real server. Entry,
/// creation, expiry and the app-level requirement are proved at the signaling level (Signaling PrivateMapKeyTests).
/// </summary>
public sealed class PrivateMapKeyMediaTests : MediaServerTests
{
    private const RoomPrivileges Join = RoomPrivileges.CreateRoom | RoomPrivileges.EnterRoom;

    public static TheoryData<RoomPrivileges, MediaSource> SendBits => new()
    {
        { RoomPrivileges.SendAudio, MediaSource.Microphone },
        { RoomPrivileges.SendVideo, MediaSource.Camera },
        { RoomPrivileges.SendSubStream, MediaSource.Screen },
    };

    public static TheoryData<RoomPrivileges, MediaSource> ReceiveBits => new()
    {
        { RoomPrivileges.ReceiveAudio, MediaSource.Microphone },
        { RoomPrivileges.ReceiveVideo, MediaSource.Camera },
        { RoomPrivileges.ReceiveSubStream, MediaSource.Screen },
    };

    [Theory]
    [MemberData(nameof(SendBits))]
    public async Task A_key_without_a_send_bit_cannot_publish_that_source_but_may_publish_the_others(RoomPrivileges bit, MediaSource source)
    {
        // product-rules §2: bits 4/16/64 (send audio, video, sub-stream).
        var room = NewRoom();
        var client = await JoinAsync("sender", room, RoomPrivileges.All & ~bit);

        var refused = await Assert.ThrowsAsync<ParleyException>(() => client.PublishAsync(Track(source)));
        Assert.Equal(ErrorCodes.NoPrivilege, refused.Code);

        foreach (var other in Enum.GetValues<MediaSource>().Where(s => s != source))
        {
            var producer = await client.PublishAsync(Track(other));
            Assert.False(string.IsNullOrEmpty(producer.ProducerId));
        }
    }

    [Theory]
    [MemberData(nameof(ReceiveBits))]
    public async Task A_key_without_a_receive_bit_gets_every_track_but_that_source_and_cannot_subscribe_to_it(RoomPrivileges bit, MediaSource source)
    {
        // product-rules §2: bits 8/32/128 (receive audio, video, sub-stream).
        var room = NewRoom();
        var limited = await JoinAsync("limited", room, RoomPrivileges.All & ~bit);
        var full = await JoinAsync("full", room, RoomPrivileges.All);
        var limitedTracks = RecordTracks(limited);
        var fullTracks = RecordTracks(full);
        var publisher = await JoinAsync("publisher", room, RoomPrivileges.All);

        var producers = new Dictionary<MediaSource, string>();
        foreach (var published in Enum.GetValues<MediaSource>())
        {
            producers[published] = (await publisher.PublishAsync(Track(published))).ProducerId;
        }

        await EventuallyAsync(() => fullTracks.Count == 3 && limitedTracks.Count == 2, () => $"full {fullTracks.Count}, limited {limitedTracks.Count}");
        Assert.DoesNotContain(source, limitedTracks.Keys);
        var refused = await Assert.ThrowsAsync<ParleyException>(() => limited.SubscribeAsync(producers[source]));
        Assert.Equal(ErrorCodes.NoPrivilege, refused.Code);
        await Task.Delay(500); // nothing of that source arrives later either
        Assert.DoesNotContain(source, limitedTracks.Keys);
    }

    private static ConcurrentDictionary<MediaSource, RemoteTrack> RecordTracks(ParleyClient client)
    {
        var tracks = new ConcurrentDictionary<MediaSource, RemoteTrack>();
        client.RemoteTrackAdded += (_, e) => tracks[e.Track.Source] = e.Track;
        return tracks;
    }

    private LocalTrack Track(MediaSource source) => source == MediaSource.Microphone
        ? new OggOpusFileTrack(VoicePath, loop: true)
        : new IvfFileTrack(ClipPath, source, loop: true);

    private async Task<ParleyClient> JoinAsync(string name, long room, RoomPrivileges privileges)
    {
        var identifier = $"{name}_{room}";
        var client = await LoginAsync(identifier);
        var key = PrivateMapKeyGenerator.Generate(Server.DefaultApp.SdkAppId, Server.DefaultApp.SecretKey, identifier, 3600, (uint)room, privileges | Join);
        await client.JoinRoomAsync(room, null, key);
        return client;
    }

    private static long NewRoom() => Random.Shared.Next(100_000, 9_000_000);

    private static async Task EventuallyAsync(Func<bool> condition, Func<string> state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, state());
            await Task.Delay(50);
        }
    }
}
