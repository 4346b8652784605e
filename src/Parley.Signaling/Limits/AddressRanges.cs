using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Parley.Signaling.Limits;

/// <summary>Parses the address lists of <see cref="LimitsOptions"/>: each entry an address (<c>10.0.0.5</c>) or a CIDR range (<c>10.0.0.0/8</c>).</summary>
public static class AddressRanges
{
    /// <summary>Parses one entry; a bare address becomes a range of that one address.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPNetwork? range)
    {
        range = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Contains('/', StringComparison.Ordinal))
        {
            if (IPNetwork.TryParse(trimmed, out var network))
            {
                range = network;
                return true;
            }

            return false;
        }

        if (!IPAddress.TryParse(trimmed, out var address))
        {
            return false;
        }

        address = Canonical(address);
        range = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    /// <summary>Parses every entry; throws <see cref="FormatException"/> naming the first bad one (validation ran first).</summary>
    public static IPNetwork[] ParseAll(IEnumerable<string> entries) =>
        [.. entries.Select(entry => TryParse(entry, out var range) ? range.Value : throw new FormatException($"Not an address or CIDR range: '{entry}'."))];

    /// <summary>An IPv4 address that arrived as IPv4-mapped IPv6 (a dual-mode socket) as plain IPv4.</summary>
    public static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
