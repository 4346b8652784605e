namespace Parley.Sdp;

/// <summary>Ready-made <see cref="AnswerDirectionPolicy"/> values.</summary>
public static class AnswerDirectionPolicies
{
    /// <summary>Send and receive whatever the offer allows: sendrecv→sendrecv, sendonly→recvonly, recvonly→sendonly (echo).</summary>
    public static AnswerDirectionPolicy Mirror { get; } = (_, _) => MediaDirection.SendRecv;

    /// <summary>Only receive (a publisher's ingest leg of an SFU).</summary>
    public static AnswerDirectionPolicy ReceiveOnly { get; } = (_, _) => MediaDirection.RecvOnly;

    /// <summary>Only send (a subscriber leg when the browser made the offer).</summary>
    public static AnswerDirectionPolicy SendOnly { get; } = (_, _) => MediaDirection.SendOnly;
}
