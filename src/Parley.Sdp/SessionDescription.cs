using Parley.Dtls;
using System.Text;

namespace Parley.Sdp;

/// <summary>
/// A parsed SDP session description (RFC 8866): the session-level lines, the session attributes and the m= sections.
/// Build one with the constructor (or <see cref="SdpAnswerBuilder"/> / <see cref="SdpOfferBuilder"/>), read one with
/// <see cref="TryParse"/>, and serialize with <see cref="ToString"/> (CRLF line endings).
/// </summary>
public sealed class SessionDescription
{
    private SdpOrigin _origin;
    private string _sessionName;

    public SessionDescription(SdpOrigin origin, string sessionName = "-")
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (string.IsNullOrEmpty(sessionName) || SdpText.ContainsLineBreak(sessionName))
        {
            throw new ArgumentException("The session name must be non-empty and on one line (RFC 8866 §5.3).", nameof(sessionName));
        }

        _origin = origin;
        _sessionName = sessionName;
    }


    /// <summary>The v= line; always 0.</summary>
    public int Version { get; set; }

    public SdpOrigin Origin
    {
        get => _origin;
        set => _origin = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The s= line; JSEP uses "-".</summary>
    public string SessionName
    {
        get => _sessionName;
        set => _sessionName = !string.IsNullOrEmpty(value) && !SdpText.ContainsLineBreak(value)
            ? value
            : throw new ArgumentException("The session name must be non-empty and on one line (RFC 8866 §5.3).", nameof(value));
    }

    public string? Information { get; set; }

    public string? Uri { get; set; }

    public IList<string> EmailAddresses { get; } = new List<string>();

    public IList<string> PhoneNumbers { get; } = new List<string>();

    public SdpConnection? Connection { get; set; }

    public IList<SdpBandwidth> Bandwidths { get; } = new List<SdpBandwidth>();

    /// <summary>The t= lines (with their r= lines). JSEP always writes exactly one: <c>t=0 0</c>.</summary>
    public IList<SdpTiming> Timings { get; } = new List<SdpTiming>();

    /// <summary>The z= line, kept verbatim.</summary>
    public string? TimeZones { get; set; }

    /// <summary>The obsolete k= line, kept verbatim.</summary>
    public string? EncryptionKey { get; set; }

    public SdpAttributeList Attributes { get; } = new();

    public IList<MediaDescription> Media { get; } = new List<MediaDescription>();

    public string? IceUfrag => Attributes.GetValue(SdpAttributeNames.IceUfrag);

    public string? IcePwd => Attributes.GetValue(SdpAttributeNames.IcePwd);

    /// <summary><c>a=ice-lite</c>: the author only answers connectivity checks (RFC 8445 §2.5).</summary>
    public bool IsIceLite => Attributes.Contains(SdpAttributeNames.IceLite);

    /// <summary>The tokens of <c>a=ice-options</c>, e.g. "trickle", "ice2".</summary>
    public IReadOnlyList<string> IceOptions =>
        Attributes.GetValues(SdpAttributeNames.IceOptions).SelectMany(SdpText.SplitFields).ToList();

    public IEnumerable<DtlsFingerprint> Fingerprints
    {
        get
        {
            foreach (var value in Attributes.GetValues(SdpAttributeNames.Fingerprint))
            {
                if (DtlsFingerprint.TryParse(value, out var fingerprint) && fingerprint is not null)
                {
                    yield return fingerprint;
                }
            }
        }
    }

    public SetupRole? Setup => SetupRoles.TryParse(Attributes.GetValue(SdpAttributeNames.Setup), out var role) ? role : null;

    /// <summary>Session-level direction attribute, or null when absent.</summary>
    public MediaDirection? Direction
    {
        get
        {
            foreach (var attribute in Attributes)
            {
                if (attribute.Value is null && MediaDirections.TryParse(attribute.Name, out var direction))
                {
                    return direction;
                }
            }

            return null;
        }
    }

    public IEnumerable<SdpGroup> Groups
    {
        get
        {
            foreach (var value in Attributes.GetValues(SdpAttributeNames.Group))
            {
                if (SdpGroup.TryParse(value, out var group) && group is not null)
                {
                    yield return group;
                }
            }
        }
    }

    /// <summary>The first <c>a=group:BUNDLE</c>, or null when media is not bundled.</summary>
    public SdpGroup? BundleGroup => Groups.FirstOrDefault(group => group.IsBundle);

    /// <summary>The m= section whose <c>a=mid</c> is <paramref name="mid"/>, or null.</summary>
    public MediaDescription? FindMedia(string mid) => Media.FirstOrDefault(media => media.Mid == mid);

    /// <summary>
    /// The direction that applies to <paramref name="media"/>: its own attribute, else the session-level one,
    /// else sendrecv (RFC 8866 §6.7).
    /// </summary>
    public MediaDirection GetDirection(MediaDescription media) =>
        media.Direction ?? Direction ?? MediaDirection.SendRecv;

    /// <summary>
    /// Parses <paramref name="text"/>; never throws. Lines may end in CRLF or LF. On failure <paramref name="error"/>
    /// names the first bad line ("line 7: …") and <paramref name="description"/> is null.
    /// </summary>
    public static bool TryParse(string? text, out SessionDescription? description, out string? error) =>
        SdpParser.TryParse(text, out description, out error);

    /// <summary>Parses trusted text (tests, configuration); throws <see cref="FormatException"/> when it is not valid SDP.</summary>
    public static SessionDescription Parse(string text) =>
        TryParse(text, out var description, out var error) ? description! : throw new FormatException(error);

    /// <summary>The description in wire form, lines in RFC 8866 §5 order, each ending in CRLF.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(2048);
        SdpWriter.AppendLine(builder, 'v', SdpText.Format(Version));
        SdpWriter.AppendLine(builder, 'o', Origin.ToString());
        SdpWriter.AppendLine(builder, 's', SessionName);
        SdpWriter.AppendLine(builder, 'i', Information);
        SdpWriter.AppendLine(builder, 'u', Uri);
        foreach (var email in EmailAddresses)
        {
            SdpWriter.AppendLine(builder, 'e', email);
        }

        foreach (var phone in PhoneNumbers)
        {
            SdpWriter.AppendLine(builder, 'p', phone);
        }

        SdpWriter.AppendLine(builder, 'c', Connection?.ToString());
        foreach (var bandwidth in Bandwidths)
        {
            SdpWriter.AppendLine(builder, 'b', bandwidth.ToString());
        }

        foreach (var timing in Timings)
        {
            SdpWriter.AppendLine(builder, 't', timing.ToString());
            foreach (var repeat in timing.Repeats)
            {
                SdpWriter.AppendLine(builder, 'r', repeat);
            }
        }

        SdpWriter.AppendLine(builder, 'z', TimeZones);
        SdpWriter.AppendLine(builder, 'k', EncryptionKey);
        SdpWriter.AppendAttributes(builder, Attributes);
        foreach (var media in Media)
        {
            media.AppendTo(builder);
        }

        return builder.ToString();
    }
}
