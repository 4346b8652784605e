namespace Parley.Protocol.Chat;

/// <summary>The two kinds of conversation (product-rules §6): one-to-one and group.</summary>
public static class ConversationTypes
{
    public const string C2C = "c2c";
    public const string Group = "group";
}
