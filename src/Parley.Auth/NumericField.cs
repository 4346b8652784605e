namespace Parley.Auth;

/// <summary>A non-negative integer field of a userSig JSON, with the exact decimal text that was signed.</summary>
internal readonly record struct NumericField(long Value, string Text);
