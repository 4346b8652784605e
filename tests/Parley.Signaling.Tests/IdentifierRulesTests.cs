using Parley.Signaling.Login;

namespace Parley.Signaling.Tests;

public sealed class IdentifierRulesTests
{
    // R2.1: letters, digits, underscore; 1-32 bytes; not all digits.
    [Theory]
    [InlineData("alice", true)]
    [InlineData("Alice_01", true)]
    [InlineData("1a", true)]
    [InlineData("_1", true)]
    [InlineData("0123456789", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a.b", false)]
    [InlineData("a@b", false)]
    [InlineData("é", false)]
    [InlineData("ａ", false)]
    [InlineData("abcdefghijabcdefghijabcdefghijab", true)]
    [InlineData("abcdefghijabcdefghijabcdefghijabc", false)]
    public void Identifiers_follow_R2_1(string? identifier, bool valid) => Assert.Equal(valid, IdentifierRules.IsValid(identifier));

    [Fact]
    public void The_key_is_case_insensitive() => Assert.Equal(IdentifierRules.Key("ALICE_x"), IdentifierRules.Key("alice_X"));
}
