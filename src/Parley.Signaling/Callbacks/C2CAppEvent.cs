using Parley.Signaling.Messages;

namespace Parley.Signaling.Callbacks;

/// <summary>A one-to-one message was stored (306): the stored record, with its id (the message's seq) and time.</summary>
public sealed record C2CAppEvent(long SdkAppId, long EventMsTs, C2CMessageRecord Message)
    : AppEvent(SdkAppId, AppEventTypes.C2CMessageSent, EventMsTs);
