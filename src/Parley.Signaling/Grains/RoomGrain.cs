using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Callbacks;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Logging;
using Parley.Signaling.Observability;

namespace Parley.Signaling.Grains;

/// <summary>
/// A room (R3): members in join order, the owner fixed at creation (R3.4), dissolution a delay after it empties (R3.5).
/// State is in memory only: a room is a live gathering, not a record. The grain is non-reentrant, so joins, leaves
/// and role changes are applied one at a time and every member sees events in one order. The operator's actions
/// (dismiss, mute) are in RoomGrain.Admin.cs. The room and media events of the app's event callback (101–105,
/// 201–206, docs/callbacks.md) start here, in that same order, handed to <see cref="IAppEventSink"/> without waiting.
/// </summary>
internal sealed partial class RoomGrain(
    TimeProvider timeProvider, IOptions<RoomOptions> options, ILogger<RoomGrain> logger, SignalingMetrics metrics, IAppEventSink events)
    : Grain, IRoomGrain
{
    // Bound on a single event delivery, so a member whose silo died cannot stall the room for the Orleans response
    // timeout. Infrastructure time, deliberately not the injected (possibly fake) TimeProvider.
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);
    private const int AppRoomsAttempts = 8; // ≈ 5 s in all: membership declares a node dead within that
    private static readonly TimeSpan AppRoomsRefreshInterval = TimeSpan.FromSeconds(10);

    private readonly List<Member> _members = [];
    private long? _appRoomsRefreshedAt; // when a re-assertion last put this room back in the app's room list
    private long _sdkAppId;
    private long _roomId;
    private string? _ownerKey;
    private string _owner = "";
    private long _createdAtMs;
    private long? _emptySinceMs;
    private ITimer? _dissolveTimer;
    private int _dissolveGeneration;

    /// <summary>
    /// For the metrics gauges, read from the scrape's thread outside the grain's scheduler: a single field read each,
    /// which may be a moment old — what a gauge is anyway.
    /// </summary>
    internal bool IsOpen => Volatile.Read(ref _ownerKey) is not null;

    internal int MemberCount => _members.Count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.AddRoom(this);
        if (GrainKeys.TrySplit(this.GetPrimaryKeyString(), out var sdkAppId, out var rest) && long.TryParse(rest, out var roomId))
        {
            _sdkAppId = sdkAppId;
            _roomId = roomId;
        }
        return Task.CompletedTask;
    }

    public Task<RoomCallOutcome> Join(MemberTicket ticket) => JoinAsync(ticket, restoring: false);

    public async Task<RoomCallOutcome> Restore(MemberTicket ticket)
    {
        if (!_members.Any(m => m.SessionId == ticket.SessionId))
        {
            return await JoinAsync(ticket, restoring: true);
        }

        // This grain survived the node death that makes members re-assert, but the app's room list (soft state too) may
        // have died with that node: put the room back in it, once per burst of re-assertions rather than per member.
        var now = timeProvider.GetTimestamp();
        if (_appRoomsRefreshedAt is not { } refreshed || timeProvider.GetElapsedTime(refreshed, now) > AppRoomsRefreshInterval)
        {
            _appRoomsRefreshedAt = now;
            await UpdateAppRoomsAsync(created: true);
        }

        return new RoomCallOutcome(0, _roomId, false, View());
    }

    private async Task<RoomCallOutcome> JoinAsync(MemberTicket ticket, bool restoring)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var created = false;
        if (_ownerKey is null && !restoring && (ticket.Privileges & (uint)RoomPrivileges.CreateRoom) == 0)
        {
            // docs/protocol.md §12: a PrivateMapKey without bit 1 may enter an existing room but not create one.
            DeactivateOnIdle();
            return RoomCallOutcome.Failure(ErrorCodes.PrivilegeCheckFailed, _roomId);
        }
        if (_ownerKey is null && restoring && !string.IsNullOrEmpty(ticket.RoomOwner))
        {
            // Rebuilt from its members after a node died: the owner stays the one its members were told (R3.4).
            _ownerKey = Login.IdentifierRules.Key(ticket.RoomOwner);
            _owner = ticket.RoomOwner;
            _createdAtMs = now;
            DelayDeactivation(Timeout.InfiniteTimeSpan);
            await UpdateAppRoomsAsync(created: true);
        }
        if (_ownerKey is null)
        {
            // R3.6: a missing room is created by the join; R3.4: its creator owns it for its whole life.
            _ownerKey = ticket.IdentifierKey;
            _owner = ticket.Identifier;
            _createdAtMs = now;
            created = true;
            DelayDeactivation(Timeout.InfiniteTimeSpan);
            await UpdateAppRoomsAsync(created: true);
            logger.RoomCreated(_sdkAppId, _roomId, _owner);
            if (!restoring)
            {
                Emit(AppEventTypes.RoomCreated, _owner);
            }
        }
        CancelDissolve();

        // A stale entry of the same user (a session whose leave never arrived) is replaced, and the others are told.
        var stale = _members.FindIndex(m => m.IdentifierKey == ticket.IdentifierKey);
        if (stale >= 0)
        {
            var old = _members[stale];
            _members.RemoveAt(stale);
            await CloseAllProducersAsync(old);
            Emit(AppEventTypes.UserExited, old.Identifier, exitReason: ExitReasons.Disconnected);
            await BroadcastAsync(Events.MemberExited, new MemberExitedEvent(_roomId, old.Identifier, ExitReasons.Disconnected),
                ProtocolJsonContext.Default.MemberExitedEvent, _members);
        }

        var member = new Member(ticket.IdentifierKey, ticket.Identifier, ticket.SessionId, ticket.Role, ticket.Observer, now, ticket.Privileges)
        {
            Platform = ticket.Platform,
        };
        var entered = new MemberEnteredEvent(_roomId, ToWire(member));
        if (!restoring)
        {
            // A member put back after a node died was announced at its real entry; the app hears of it once.
            Emit(AppEventTypes.UserEntered, member.Identifier, member.Role);
        }

        await BroadcastAsync(Events.MemberEntered, entered, ProtocolJsonContext.Default.MemberEnteredEvent, _members);
        _members.Add(member);
        // Unreachable members dropped during the broadcast may have emptied the room and armed the timer.
        CancelDissolve();
        return new RoomCallOutcome(0, _roomId, created, View());
    }

    public async Task<bool> Leave(string identifierKey, string sessionId, string reason)
    {
        var index = _members.FindIndex(m => m.IdentifierKey == identifierKey && m.SessionId == sessionId);
        if (index < 0)
        {
            return false;
        }
        var member = _members[index];
        _members.RemoveAt(index);
        // docs/protocol.md §11: the leaver's producers close first, so trackUnpublished precedes memberExited.
        await CloseAllProducersAsync(member);
        Emit(AppEventTypes.UserExited, member.Identifier, exitReason: reason);
        await BroadcastAsync(Events.MemberExited, new MemberExitedEvent(_roomId, member.Identifier, reason),
            ProtocolJsonContext.Default.MemberExitedEvent, _members);
        if (_members.Count == 0)
        {
            ArmDissolveTimer();
        }
        return true;
    }

    public async Task<int> AddProducer(string identifierKey, string sessionId, RoomProducer producer)
    {
        ArgumentNullException.ThrowIfNull(producer);
        if (Find(identifierKey, sessionId) is not { } member)
        {
            return ErrorCodes.NotInRoom;
        }
        if (TrackSources.KindOf(producer.Source) is not { } kind || kind != producer.Kind || string.IsNullOrEmpty(producer.ProducerId))
        {
            return ErrorCodes.InvalidParams;
        }
        if (member.Producers.Exists(p => p.Source == producer.Source) || _members.Exists(m => m.Producers.Exists(p => p.ProducerId == producer.ProducerId)))
        {
            return ErrorCodes.SourceAlreadyPublished;
        }
        member.Producers.Add(producer);
        var others = Others(member);
        await BroadcastAsync(Events.TrackPublished, new TrackPublishedEvent(_roomId, ToWire(member, producer)),
            ProtocolJsonContext.Default.TrackPublishedEvent, others, trackPublished: true);
        if (!producer.Muted)
        {
            await BroadcastAvailabilityAsync(member, producer.Source, available: true, others);
        }
        return 0;
    }

    public async Task<int> RemoveProducer(string identifierKey, string sessionId, string producerId)
    {
        if (Find(identifierKey, sessionId) is not { } member)
        {
            return ErrorCodes.NotInRoom;
        }
        var producer = member.Producers.Find(p => p.ProducerId == producerId);
        if (producer is null)
        {
            return ErrorCodes.ProducerNotFound;
        }
        await CloseProducerAsync(member, producer, Others(member));
        return 0;
    }

    public async Task<int> MuteProducer(string identifierKey, string sessionId, string producerId, bool muted)
    {
        if (Find(identifierKey, sessionId) is not { } member)
        {
            return ErrorCodes.NotInRoom;
        }
        var index = member.Producers.FindIndex(p => p.ProducerId == producerId);
        if (index < 0)
        {
            return ErrorCodes.ProducerNotFound;
        }
        await SetMutedAsync(member, index, muted, byAdmin: false);
        return 0;
    }

    /// <summary>Records the producer's mute state and, when it changed, tells the others (<c>trackMuted</c> + availability).</summary>
    private async Task SetMutedAsync(Member member, int index, bool muted, bool byAdmin)
    {
        var producer = member.Producers[index];
        if (producer.Muted == muted)
        {
            return;
        }
        member.Producers[index] = producer with { Muted = muted };
        var others = Others(member);
        await BroadcastAsync(Events.TrackMuted, new TrackMutedEvent(_roomId, member.Identifier, producer.ProducerId, muted, byAdmin ? true : null),
            ProtocolJsonContext.Default.TrackMutedEvent, others);
        await BroadcastAvailabilityAsync(member, producer.Source, available: !muted, others);
    }

    public async Task<RoomMessageOutcome> SendMessage(string identifierKey, string sessionId, int cmdId, string data, IReadOnlyList<string>? toKeys)
    {
        if (Find(identifierKey, sessionId) is not { } member)
        {
            return new RoomMessageOutcome(ErrorCodes.NotInRoom, 0);
        }
        var seq = ++member.MessagesSent;
        var recipients = toKeys is null
            ? Others(member)
            : _members.FindAll(m => !ReferenceEquals(m, member) && toKeys.Contains(m.IdentifierKey));
        await BroadcastAsync(Events.RoomMessage, new RoomMessageEvent(_roomId, member.Identifier, cmdId, seq, data),
            ProtocolJsonContext.Default.RoomMessageEvent, recipients);
        ParleyInstruments.CountMessage(ParleyInstruments.Room);
        return new RoomMessageOutcome(0, seq);
    }

    public Task<RoomProducerOwner?> FindProducer(string producerId)
    {
        foreach (var member in _members)
        {
            if (member.Producers.Find(p => p.ProducerId == producerId) is { } producer)
            {
                return Task.FromResult<RoomProducerOwner?>(new RoomProducerOwner(member.Identifier, member.SessionId, producer));
            }
        }
        return Task.FromResult<RoomProducerOwner?>(null);
    }

    public async Task<RoomView?> ChangeRole(string identifierKey, string role)
    {
        var member = _members.Find(m => m.IdentifierKey == identifierKey);
        if (member is null)
        {
            return null;
        }
        member.Role = role;
        Emit(AppEventTypes.RoleChanged, member.Identifier, role);
        // Everyone, the changer included, learns the new role from the same event.
        await BroadcastAsync(Events.RoleChanged, new RoleChangedEvent(_roomId, member.Identifier, role),
            ProtocolJsonContext.Default.RoleChangedEvent, _members);
        return View();
    }

    public Task<RoomView?> GetView()
    {
        if (_ownerKey is null)
        {
            // Queried but never created (or already dissolved): do not keep an empty activation around.
            DeactivateOnIdle();
            return Task.FromResult<RoomView?>(null);
        }
        return Task.FromResult<RoomView?>(View());
    }

    public async Task DissolveIfStillEmpty(int generation)
    {
        if (generation != _dissolveGeneration || _members.Count > 0 || _ownerKey is null)
        {
            return;
        }
        CancelDissolve();
        // R3.5: forget the room; the next join of this number creates a new one with a new owner.
        _ownerKey = null;
        _owner = "";
        await UpdateAppRoomsAsync(created: false);
        logger.RoomDissolved(_sdkAppId, _roomId, options.Value.DissolveDelay);
        Emit(AppEventTypes.RoomDissolved, null);
        DeactivateOnIdle();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.RemoveRoom(this);
        _dissolveTimer?.Dispose();
        return Task.CompletedTask;
    }

    private void ArmDissolveTimer()
    {
        _dissolveTimer?.Dispose();
        _emptySinceMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var generation = ++_dissolveGeneration;
        var self = this.AsReference<IRoomGrain>();
        var roomKey = this.GetPrimaryKeyString();
        // A TimeProvider timer (not a grain timer) so tests drive R3.5 with a fake clock. Its callback runs on a
        // thread-pool thread, outside this grain's scheduler, so it must not touch fields: it calls back through
        // the grain reference and the call is queued like any other message.
        _dissolveTimer = timeProvider.CreateTimer(
            _ => self.DissolveIfStillEmpty(generation).ContinueWith(
                t => logger.DissolveCallFailed(t.Exception!, roomKey),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default),
            null, options.Value.DissolveDelay, Timeout.InfiniteTimeSpan);
    }

    private void CancelDissolve()
    {
        _dissolveGeneration++;
        _dissolveTimer?.Dispose();
        _dissolveTimer = null;
        _emptySinceMs = null;
    }

    /// <param name="trackPublished">
    /// The event is a <c>trackPublished</c>: delivered through <see cref="ISessionObserver.OnTrackPublished"/>, so each
    /// session knows it without reading the text (its media glue joins the room's media then).
    /// </param>
    private async Task BroadcastAsync<T>(string method, T payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, List<Member> recipients,
        bool trackPublished = false)
    {
        if (recipients.Count == 0)
        {
            return;
        }
        // Serialized once; every observer gets the same immutable string.
        var notification = JsonRpcWriter.NotificationText(method, payload, typeInfo);
        var targets = recipients.ToArray();
        var deliveries = new Task<bool>[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            deliveries[i] = DeliverAsync(targets[i].Observer, notification, trackPublished);
        }
        // Awaited so that the next operation's events cannot overtake this one's at any member.
        var delivered = await Task.WhenAll(deliveries);
        for (var i = 0; i < targets.Length; i++)
        {
            if (!delivered[i])
            {
                await RemoveUnreachableAsync(targets[i]);
            }
        }
    }

    /// <summary>
    /// A member whose session cannot be reached (its silo died, or its observer is gone) would otherwise stay in the
    /// room forever: take it out as "disconnected". Its user grain learns on its next room call (NotInRoom).
    /// </summary>
    private async Task RemoveUnreachableAsync(Member member)
    {
        if (!_members.Remove(member))
        {
            return;
        }
        await CloseAllProducersAsync(member);
        Emit(AppEventTypes.UserExited, member.Identifier, exitReason: ExitReasons.Disconnected);
        await BroadcastAsync(Events.MemberExited, new MemberExitedEvent(_roomId, member.Identifier, ExitReasons.Disconnected),
            ProtocolJsonContext.Default.MemberExitedEvent, _members);
        if (_members.Count == 0)
        {
            ArmDissolveTimer();
        }
    }

    private Member? Find(string identifierKey, string sessionId) =>
        _members.Find(m => m.IdentifierKey == identifierKey && m.SessionId == sessionId);

    private List<Member> Others(Member member) => _members.FindAll(m => !ReferenceEquals(m, member));

    /// <summary>Closes every producer of a member that has already been taken out of <see cref="_members"/>.</summary>
    private async Task CloseAllProducersAsync(Member member)
    {
        foreach (var producer in member.Producers.ToArray())
        {
            await CloseProducerAsync(member, producer, _members);
        }
    }

    private async Task CloseProducerAsync(Member member, RoomProducer producer, List<Member> recipients)
    {
        member.Producers.Remove(producer);
        await BroadcastAsync(Events.TrackUnpublished, new TrackUnpublishedEvent(_roomId, member.Identifier, producer.ProducerId),
            ProtocolJsonContext.Default.TrackUnpublishedEvent, recipients.FindAll(m => !ReferenceEquals(m, member)));
        if (!producer.Muted)
        {
            await BroadcastAvailabilityAsync(member, producer.Source, available: false, recipients.FindAll(m => !ReferenceEquals(m, member)));
        }
    }

    private Task BroadcastAvailabilityAsync(Member member, string source, bool available, List<Member> recipients)
    {
        // Product-rules §8: a source becoming available (published unmuted, unmuted) or not is the app's 201–206,
        // whether or not anyone else is in the room to be told.
        if (AppEventTypes.MediaEvent(source, available) is var mediaEvent and not 0)
        {
            Emit(mediaEvent, member.Identifier);
        }

        return TrackSources.AvailabilityEvent(source) is { } method
            ? BroadcastAsync(method, new UserAvailableEvent(_roomId, member.Identifier, available), ProtocolJsonContext.Default.UserAvailableEvent, recipients)
            : Task.CompletedTask;
    }

    /// <summary>Hands an event of this room to the app's event callback (never waits: the sink only queues it).</summary>
    private void Emit(int eventType, string? userId, string? role = null, string? exitReason = null) =>
        events.Publish(new RoomAppEvent(_sdkAppId, eventType, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), _roomId, userId, role, exitReason));

    private async Task<bool> DeliverAsync(ISessionObserver observer, string notification, bool trackPublished)
    {
        try
        {
            var delivery = trackPublished ? observer.OnTrackPublished(_roomId, notification) : observer.OnRoomEvent(_roomId, notification);
            await delivery.WaitAsync(DeliveryTimeout);
            return true;
        }
        catch (Exception ex)
        {
            logger.DeliveryFailed(ex, _roomId);
            return false;
        }
    }

    /// <summary>
    /// Tells the app's room list (the admin API's) that this room was created or dissolved. That list's grain may have
    /// lived on a node that just died while the directory still names it: try again for a few seconds, and never fail
    /// the join or the dissolve over it (the room works; only the list would miss it).
    /// </summary>
    private async Task UpdateAppRoomsAsync(bool created)
    {
        var appRooms = GrainFactory.GetGrain<IAppRoomsGrain>(_sdkAppId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await (created ? appRooms.RoomCreated(_roomId) : appRooms.RoomDissolved(_roomId));
                return;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                if (attempt == AppRoomsAttempts)
                {
                    logger.AppRoomsUpdateFailed(e, _sdkAppId, _roomId, created ? "created" : "dissolved");
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 << attempt)));
            }
        }
    }

    private RoomView View() =>
        new(_sdkAppId, _roomId, _owner, _createdAtMs, _emptySinceMs, _members.ConvertAll(m => ToView(m)),
            _emptySinceMs is { } emptySince ? emptySince + (long)options.Value.DissolveDelay.TotalMilliseconds : null);

    private RoomMemberView ToView(Member m) =>
        new(m.Identifier, m.Role, m.IdentifierKey == _ownerKey, m.JoinedAtMs, m.Privileges, [.. m.Producers], m.Platform);

    private Protocol.Messages.Member ToWire(Member m) =>
        new(m.Identifier, m.Role, m.IdentifierKey == _ownerKey, m.JoinedAtMs, m.Producers.ConvertAll(p => ToWire(m, p)));

    private static Producer ToWire(Member m, RoomProducer p) => new(p.ProducerId, m.Identifier, p.Kind, p.Source, p.Muted, p.Codec, p.Layers, p.AdminMuted);

    private sealed class Member(string identifierKey, string identifier, string sessionId, string role, ISessionObserver observer, long joinedAtMs, uint privileges)
    {
        /// <summary>PrivateMapKey bits in force for this stay (docs/protocol.md §12).</summary>
        public uint Privileges { get; } = privileges;

        /// <summary>Room messages this member sent during this stay (the last <c>seq</c>).</summary>
        public long MessagesSent { get; set; }

        /// <summary>The member's producers in publication order; at most one per source.</summary>
        public List<RoomProducer> Producers { get; } = [];

        public string IdentifierKey { get; } = identifierKey;
        public string Identifier { get; } = identifier;
        public string SessionId { get; } = sessionId;
        public string Role { get; set; } = role;
        public ISessionObserver Observer { get; } = observer;
        public long JoinedAtMs { get; } = joinedAtMs;

        /// <summary>The platform the member's session logged in with (admin API).</summary>
        public string Platform { get; init; } = "";
    }
}
