using System.Collections.Concurrent;

namespace Parley.Signaling.Delivery;

/// <summary>
/// The logged-in sessions (one per user, R3.3's single live session) and the group guests whose sockets this silo
/// holds, by app: what the per-silo delivery step looks members up in.
/// </summary>
internal sealed class LocalSessions
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, INotificationSink>> _usersByApp = new();
    private readonly ConcurrentDictionary<(long SdkAppId, string GroupId), ConcurrentDictionary<INotificationSink, byte>> _guests = new();

    /// <summary>Makes <paramref name="sink"/> the session of the user <paramref name="identifierKey"/> (a newer login replaces an older one).</summary>
    public void AddUser(long sdkAppId, string identifierKey, INotificationSink sink) =>
        _usersByApp.GetOrAdd(sdkAppId, static _ => new(StringComparer.Ordinal))[identifierKey] = sink;

    /// <summary>Removes the user's entry only while it is still <paramref name="sink"/>.</summary>
    public void RemoveUser(long sdkAppId, string identifierKey, INotificationSink sink)
    {
        if (_usersByApp.TryGetValue(sdkAppId, out var users))
        {
            users.TryRemove(new KeyValuePair<string, INotificationSink>(identifierKey, sink));
        }
    }

    public void AddGuest(long sdkAppId, string groupId, INotificationSink sink) =>
        _guests.GetOrAdd((sdkAppId, groupId), static _ => new())[sink] = 0;

    public void RemoveGuest(long sdkAppId, string groupId, INotificationSink sink)
    {
        if (_guests.TryGetValue((sdkAppId, groupId), out var guests))
        {
            guests.TryRemove(sink, out _);
        }
    }

    /// <summary>Logged-in users on this silo, every app (a metrics gauge: walks the apps, not the users).</summary>
    public int UserCount() => _usersByApp.Values.Sum(users => users.Count);

    /// <summary>Guests of the group on this silo (AVChatRoom readers without login).</summary>
    public int GuestCount(long sdkAppId, string groupId) => _guests.TryGetValue((sdkAppId, groupId), out var guests) ? guests.Count : 0;

    /// <summary>The logged-in users of the app on this silo, by identifier key (empty when none).</summary>
    public IReadOnlyDictionary<string, INotificationSink> UsersOf(long sdkAppId) =>
        _usersByApp.TryGetValue(sdkAppId, out var users) ? users : Empty;

    public IEnumerable<INotificationSink> GuestsOf(long sdkAppId, string groupId) =>
        _guests.TryGetValue((sdkAppId, groupId), out var guests) ? guests.Keys : [];

    private static readonly ConcurrentDictionary<string, INotificationSink> Empty = new(StringComparer.Ordinal);
}
