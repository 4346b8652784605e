namespace Parley.Signaling.Groups;

/// <summary>What a send answers: 0 with the message's seq and time, or a vendor group error code.</summary>
[GenerateSerializer, Immutable, Alias("parley.SendOutcome")]
public sealed record SendOutcome([property: Id(0)] int ErrorCode, [property: Id(1)] string ErrorInfo, [property: Id(2)] long MsgSeq, [property: Id(3)] long MsgTime)
{
    public static SendOutcome Fail(int errorCode, string errorInfo) => new(errorCode, errorInfo, 0, 0);
}
