namespace Parley.Protocol.Chat;

/// <summary>
/// <c>groupSystemNotification</c>: something about a group addressed to one user (<see cref="SystemNotificationTypes"/>),
/// kept for users who are offline and handed over at their next sync. <paramref name="Id"/> rises per app (the sync
/// cursor); <paramref name="Applicant"/> and <paramref name="Message"/> are set for join requests and their results,
/// <paramref name="Content"/> for custom notifications sent by the app's backend.
/// </summary>
public sealed record GroupSystemNotification(
    long Id,
    string Type,
    string GroupId,
    string Operator,
    long Time,
    string? Applicant = null,
    string? Message = null,
    string? Content = null);
