using Parley.Dtls;
namespace Parley.Sdp;

/// <summary>
/// Line-oriented SDP reader. It checks the line grammar, the mandatory v=/o=/s=/t= lines, the m= line fields and the
/// value syntax of every attribute this library gives a typed view of, so that a successfully parsed description
/// never hides a malformed candidate, rtpmap, … behind a typed accessor. It never throws on input.
/// </summary>
// https://www.rfc-editor.org/rfc/rfc8866#section-5
internal static class SdpParser
{
    private static readonly Dictionary<string, Func<string?, bool>> AttributeValueChecks = new(StringComparer.Ordinal)
    {
        [SdpAttributeNames.Candidate] = value => IceCandidate.TryParse(value, out _),
        [SdpAttributeNames.Fingerprint] = value => DtlsFingerprint.TryParse(value, out _),
        [SdpAttributeNames.Setup] = value => SetupRoles.TryParse(value, out _),
        [SdpAttributeNames.RtpMap] = value => RtpMap.TryParse(value, out _),
        [SdpAttributeNames.Fmtp] = value => Fmtp.TryParse(value, out _),
        [SdpAttributeNames.RtcpFb] = value => RtcpFeedback.TryParse(value, out _),
        [SdpAttributeNames.Extmap] = value => Extmap.TryParse(value, out _),
        [SdpAttributeNames.Rid] = value => Rid.TryParse(value, out _),
        [SdpAttributeNames.Simulcast] = value => Simulcast.TryParse(value, out _),
        [SdpAttributeNames.Ssrc] = value => SsrcAttribute.TryParse(value, out _),
        [SdpAttributeNames.SsrcGroup] = value => SsrcGroup.TryParse(value, out _),
        [SdpAttributeNames.Group] = value => SdpGroup.TryParse(value, out _),
        [SdpAttributeNames.Msid] = value => Msid.TryParse(value, out _),
        [SdpAttributeNames.Mid] = value => value is not null && SdpText.IsToken(value),
        [SdpAttributeNames.IceUfrag] = value => value is not null && SdpText.IsField(value),
        [SdpAttributeNames.IcePwd] = value => value is not null && SdpText.IsField(value),
        [SdpAttributeNames.IceOptions] = value => !string.IsNullOrWhiteSpace(value),
        [SdpAttributeNames.SctpPort] = value => SdpText.TryParsePort(value, out _),
        [SdpAttributeNames.MaxMessageSize] = value => SdpText.TryParseULong(value, out _),
    };

    public static bool TryParse(string? text, out SessionDescription? description, out string? error)
    {
        description = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "line 1: the session description is empty";
            return false;
        }

        var reader = new Reader();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine;
            if (line.Length == 0)
            {
                // Blank lines (typically after the final CRLF) carry nothing; tolerate them.
                continue;
            }

            var problem = reader.Accept(line);
            if (problem is not null)
            {
                error = $"line {lineNumber}: {problem}";
                return false;
            }
        }

        var missing = reader.MissingMandatoryLine();
        if (missing is not null)
        {
            error = $"line {lineNumber}: {missing}";
            return false;
        }

        description = reader.Session;
        error = null;
        return true;
    }

    /// <summary>Parser state for one description; <see cref="Accept"/> returns a problem text or null.</summary>
    private sealed class Reader
    {
        private MediaDescription? _media;
        private SdpTiming? _lastTiming;
        private bool _hasOrigin;
        private bool _hasSessionName;

        public SessionDescription? Session { get; private set; }

        public string? MissingMandatoryLine() => Session is null ? "missing v= line"
            : !_hasOrigin ? "missing o= line"
            : !_hasSessionName ? "missing s= line"
            : Session.Timings.Count == 0 ? "missing t= line"
            : null;

        public string? Accept(string line)
        {
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                return "expected '<type>=<value>' with a lower-case type letter";
            }

            if (line.Contains('\r', StringComparison.Ordinal))
            {
                return "stray carriage return inside a line";
            }

            var type = line[0];
            var value = line[2..];
            if (Session is null)
            {
                if (type != 'v')
                {
                    return "a session description must start with v=";
                }

                if (value != "0")
                {
                    return $"unsupported protocol version '{value}'";
                }

                Session = new SessionDescription(SdpOrigin.Create(0, 0));
                return null;
            }

            if (type == 'm')
            {
                return AcceptMediaLine(value);
            }

            return _media is null ? AcceptSessionLine(Session, type, value) : AcceptMediaLevelLine(_media, type, value);
        }

        private string? AcceptSessionLine(SessionDescription session, char type, string value)
        {
            switch (type)
            {
                case 'v':
                    return "duplicate v= line";
                case 'o':
                    if (_hasOrigin)
                    {
                        return "duplicate o= line";
                    }

                    if (!SdpOrigin.TryParse(value, out var origin))
                    {
                        return "malformed o= line (expected '<username> <sess-id> <sess-version> <nettype> <addrtype> <address>')";
                    }

                    session.Origin = origin!;
                    _hasOrigin = true;
                    return null;
                case 's':
                    if (_hasSessionName)
                    {
                        return "duplicate s= line";
                    }

                    if (value.Length == 0)
                    {
                        return "empty s= line (use s=-)";
                    }

                    session.SessionName = value;
                    _hasSessionName = true;
                    return null;
                case 'i':
                    return SetOnce(value, session.Information, v => session.Information = v, 'i');
                case 'u':
                    return SetOnce(value, session.Uri, v => session.Uri = v, 'u');
                case 'e':
                    session.EmailAddresses.Add(value);
                    return null;
                case 'p':
                    session.PhoneNumbers.Add(value);
                    return null;
                case 'c':
                    if (session.Connection is not null)
                    {
                        return "duplicate session-level c= line";
                    }

                    if (!SdpConnection.TryParse(value, out var connection))
                    {
                        return "malformed c= line (expected '<nettype> <addrtype> <address>')";
                    }

                    session.Connection = connection;
                    return null;
                case 'b':
                    return AddBandwidth(session.Bandwidths, value);
                case 't':
                    if (!SdpTiming.TryParse(value, out var timing))
                    {
                        return "malformed t= line (expected '<start> <stop>')";
                    }

                    session.Timings.Add(timing!);
                    _lastTiming = timing;
                    return null;
                case 'r':
                    if (_lastTiming is null)
                    {
                        return "r= line without a preceding t= line";
                    }

                    _lastTiming.Repeats.Add(value);
                    return null;
                case 'z':
                    return SetOnce(value, session.TimeZones, v => session.TimeZones = v, 'z');
                case 'k':
                    return SetOnce(value, session.EncryptionKey, v => session.EncryptionKey = v, 'k');
                case 'a':
                    return AddAttribute(session.Attributes, value);
                default:
                    // RFC 8866 §5: a description with a type letter we do not understand must be rejected whole.
                    return $"unknown line type '{type}='";
            }
        }

        private static string? AcceptMediaLevelLine(MediaDescription media, char type, string value)
        {
            switch (type)
            {
                case 'i':
                    return SetOnce(value, media.Information, v => media.Information = v, 'i');
                case 'c':
                    if (!SdpConnection.TryParse(value, out var connection))
                    {
                        return "malformed c= line (expected '<nettype> <addrtype> <address>')";
                    }

                    media.Connections.Add(connection!);
                    return null;
                case 'b':
                    return AddBandwidth(media.Bandwidths, value);
                case 'k':
                    return SetOnce(value, media.EncryptionKey, v => media.EncryptionKey = v, 'k');
                case 'a':
                    return AddAttribute(media.Attributes, value);
                default:
                    return $"'{type}=' is not allowed inside a media section";
            }
        }

        // https://www.rfc-editor.org/rfc/rfc8866#section-5.14
        private string? AcceptMediaLine(string value)
        {
            if (!_hasOrigin || !_hasSessionName || Session!.Timings.Count == 0)
            {
                return "m= line before the mandatory o=, s= and t= lines";
            }

            var fields = SdpText.SplitFields(value);
            if (fields.Length < 4)
            {
                return "malformed m= line (expected '<media> <port> <proto> <fmt> ...')";
            }

            if (!SdpText.IsToken(fields[0]))
            {
                return $"invalid media type '{fields[0]}'";
            }

            var portText = fields[1];
            int? portCount = null;
            var slash = portText.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (!SdpText.TryParseInt(portText.AsSpan(slash + 1), out var count))
                {
                    return $"invalid port count in '{portText}'";
                }

                portCount = count;
                portText = portText[..slash];
            }

            if (!SdpText.TryParsePort(portText, out var port))
            {
                return $"invalid port '{portText}'";
            }

            foreach (var piece in fields[2].Split('/'))
            {
                if (!SdpText.IsToken(piece))
                {
                    return $"invalid transport protocol '{fields[2]}'";
                }
            }

            for (var i = 3; i < fields.Length; i++)
            {
                if (!SdpText.IsToken(fields[i]))
                {
                    return $"invalid format '{fields[i]}'";
                }
            }

            _media = new MediaDescription(fields[0], port, fields[2], fields[3..]) { PortCount = portCount };
            Session.Media.Add(_media);
            return null;
        }

        private static string? AddBandwidth(IList<SdpBandwidth> bandwidths, string value)
        {
            if (!SdpBandwidth.TryParse(value, out var bandwidth))
            {
                return "malformed b= line (expected '<bwtype>:<bandwidth>')";
            }

            bandwidths.Add(bandwidth!);
            return null;
        }

        // https://www.rfc-editor.org/rfc/rfc8866#section-5.13
        private static string? AddAttribute(SdpAttributeList attributes, string text)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? text : text[..colon];
            var value = colon < 0 ? null : text[(colon + 1)..];
            if (!SdpText.IsToken(name))
            {
                return $"invalid attribute name '{name}'";
            }

            if (AttributeValueChecks.TryGetValue(name, out var check) && !check(value))
            {
                return $"malformed a={name} value '{value}'";
            }

            attributes.Add(new SdpAttribute(name, value));
            return null;
        }

        private static string? SetOnce(string value, string? current, Action<string> set, char type)
        {
            if (current is not null)
            {
                return $"duplicate {type}= line";
            }

            set(value);
            return null;
        }
    }
}
