namespace Parley.Signaling.Groups;

/// <summary>What a join answers: 0 with <c>joined</c> (and the group's last seq at that moment) or <c>pending</c>, or a vendor group error code.</summary>
[GenerateSerializer, Immutable, Alias("parley.JoinOutcome")]
public sealed record JoinOutcome([property: Id(0)] int ErrorCode, [property: Id(1)] string ErrorInfo, [property: Id(2)] string Status, [property: Id(3)] long LastSeq)
{
    public const string Joined = "joined";
    public const string Pending = "pending";

    public static JoinOutcome Fail(int errorCode, string errorInfo) => new(errorCode, errorInfo, "", 0);
}
