namespace Parley.Server.Media.Turn;

/// <summary>
/// The TURN (and STUN) servers handed to clients, bound from <c>Media:Turn</c> (docs/turn.md). Parley runs no TURN
/// server of its own: it points clients at a coturn (or any server speaking the TURN REST API convention) that shares
/// <see cref="StaticAuthSecret"/>, and gives each session credentials that expire.
/// </summary>
public sealed class TurnOptions
{
    public const string SectionName = "Media:Turn";

    /// <summary>Longest <see cref="CredentialLifetime"/> accepted.</summary>
    public static readonly TimeSpan MaxCredentialLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// <c>turn:</c>, <c>turns:</c> (and <c>stun:</c>) URIs of one TURN deployment (<c>Media:Turn:Urls</c>), e.g.
    /// <c>turn:turn.example.com:3478?transport=udp</c>, <c>turn:turn.example.com:3478?transport=tcp</c>,
    /// <c>turns:turn.example.com:5349?transport=tcp</c>. Empty (default): clients get no ICE servers.
    /// </summary>
    public IList<string> Urls { get; } = new List<string>();

    /// <summary>coturn's <c>static-auth-secret</c> (<c>Media:Turn:StaticAuthSecret</c>); required with a turn:/turns: URL. Keep it out of appsettings files: use the environment (<c>Media__Turn__StaticAuthSecret</c>).</summary>
    public string? StaticAuthSecret { get; set; }

    /// <summary>
    /// How long a session's TURN credentials stay valid (<c>Media:Turn:CredentialLifetime</c>, default 1 day, at most 7
    /// days). coturn ends an allocation when its credentials expire, so this should outlast a session's calls; a
    /// resume or a new login hands out fresh ones.
    /// </summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Every problem, each naming its <c>Media:Turn:</c> key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        bool anyTurn = false;
        foreach (var url in Urls)
        {
            if (TurnUri.TryParse(url, out bool isTurn))
            {
                anyTurn |= isTurn;
            }
            else
            {
                errors.Add($"Media:Turn:Urls contains '{url}', which is not a stun:, turn: or turns: URI (RFC 7064, RFC 7065), e.g. turn:turn.example.com:3478?transport=udp.");
            }
        }

        if (anyTurn && string.IsNullOrEmpty(StaticAuthSecret))
        {
            errors.Add("Media:Turn:StaticAuthSecret is required with turn:/turns: URLs (coturn's static-auth-secret).");
        }

        if (CredentialLifetime <= TimeSpan.Zero || CredentialLifetime > MaxCredentialLifetime)
        {
            errors.Add($"Media:Turn:CredentialLifetime must be positive and at most {MaxCredentialLifetime.TotalDays} days (it is {CredentialLifetime}).");
        }

        return errors;
    }
}
