namespace Parley.Signaling.Callbacks;

/// <summary>
/// What the before-send callback decided: allowed (with <see cref="MsgBody"/> set when the app rewrote the body), or
/// refused with <see cref="ErrorCode"/> (10016 rejected by the app, 90060 the callback failed and the app fails closed).
/// </summary>
public sealed record BeforeSendVerdict(bool Allowed, string? MsgBody, int ErrorCode, string ErrorInfo)
{
    public static BeforeSendVerdict Allow { get; } = new(true, null, 0, "");

    public static BeforeSendVerdict Rewrite(string msgBody) => new(true, msgBody, 0, "");

    public static BeforeSendVerdict Refuse(int errorCode, string errorInfo) => new(false, null, errorCode, errorInfo);
}
