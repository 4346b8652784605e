namespace Parley.Server.Media.Turn;

/// <summary>Checks the shape of STUN/TURN URIs (RFC 7064 §3.1, RFC 7065 §3.1): <c>scheme:host[:port][?transport=udp|tcp]</c>.</summary>
internal static class TurnUri
{
    /// <summary>True when <paramref name="uri"/> is a stun:, stuns:, turn: or turns: URI; <paramref name="isTurn"/> says whether it needs credentials.</summary>
    public static bool TryParse(string? uri, out bool isTurn)
    {
        isTurn = false;
        if (string.IsNullOrWhiteSpace(uri) || uri.Any(char.IsWhiteSpace))
        {
            return false;
        }

        int colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var scheme = uri[..colon].ToLowerInvariant();
        if (scheme is not ("stun" or "stuns" or "turn" or "turns"))
        {
            return false;
        }

        isTurn = scheme is "turn" or "turns";
        var rest = uri[(colon + 1)..];
        int query = rest.IndexOf('?', StringComparison.Ordinal);
        var hostPort = query < 0 ? rest : rest[..query];
        if (query >= 0)
        {
            var parameters = rest[(query + 1)..];
            if (!isTurn || parameters is not ("transport=udp" or "transport=tcp"))
            {
                return false; // only TURN URIs take a query, and only ?transport=udp|tcp
            }
        }

        return IsHostPort(hostPort);
    }

    /// <summary><c>host</c>, <c>host:port</c>, <c>[IPv6]</c> or <c>[IPv6]:port</c>; host a DNS name or IPv4 address.</summary>
    private static bool IsHostPort(string hostPort)
    {
        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !System.Net.IPAddress.TryParse(hostPort[1..close], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                if (!after.StartsWith(':'))
                {
                    return false;
                }

                port = after[1..];
            }

            host = "ok";
        }
        else
        {
            int colon = hostPort.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? hostPort : hostPort[..colon];
            port = colon < 0 ? null : hostPort[(colon + 1)..];
            if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                return false;
            }
        }

        return host.Length > 0
            && (port is null || (int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) && number is > 0 and <= 65535));
    }
}
