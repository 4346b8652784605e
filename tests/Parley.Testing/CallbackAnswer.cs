namespace Parley.Testing;

/// <summary>What a <see cref="CallbackReceiver"/> answers: an HTTP status and a JSON body.</summary>
public sealed record CallbackAnswer(int Status, string Body)
{
    /// <summary>200 with the vendor's OK envelope (for a before-send question: allow as is).</summary>
    public static CallbackAnswer Ok { get; } = new(200, "{\"ActionStatus\":\"OK\",\"ErrorInfo\":\"\",\"ErrorCode\":0}");

    public static CallbackAnswer Status500 { get; } = new(500, "{}");
}
