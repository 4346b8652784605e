namespace Parley.Sdp;

/// <summary>
/// One <c>a=</c> line: <c>a=name</c> (a property attribute, <see cref="Value"/> is null) or <c>a=name:value</c>.
/// Kept as raw text so attributes this library does not understand survive a parse/serialize round trip;
/// typed views (<see cref="RtpMap"/>, <see cref="IceCandidate"/>, ...) are computed from it on demand.
/// </summary>
public sealed record SdpAttribute
{
    public SdpAttribute(string name, string? value = null)
    {
        if (string.IsNullOrEmpty(name) || !SdpText.IsToken(name))
        {
            throw new ArgumentException($"'{name}' is not a valid SDP attribute name.", nameof(name));
        }

        if (value is not null && SdpText.ContainsLineBreak(value))
        {
            throw new ArgumentException("An SDP attribute value cannot contain a line break.", nameof(value));
        }

        Name = name;
        Value = value;
    }

    public string Name { get; }

    public string? Value { get; }

    /// <summary>The text after <c>a=</c>.</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
