namespace Parley.Signaling.Groups;

/// <summary>
/// The answer of a group operation: 0 or a vendor group error code with its message; <see cref="Results"/> carries
/// per-member results where the operation has them (add: 1 added, 2 already a member).
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.GroupOutcome")]
public sealed record GroupOutcome([property: Id(0)] int ErrorCode, [property: Id(1)] string ErrorInfo, [property: Id(2)] IReadOnlyList<int>? Results = null)
{
    public static GroupOutcome Ok(IReadOnlyList<int>? results = null) => new(0, "", results);

    public static GroupOutcome Fail(int errorCode, string errorInfo) => new(errorCode, errorInfo);
}
