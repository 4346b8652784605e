namespace Parley.Sdp.Tests;

public class MalformedInputTests
{
    [Theory]
    [InlineData("", "line 1")]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\r\n", "line 1")]
    [InlineData("v=1\r\n", "line 1")]
    [InlineData("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\n", "line 2")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", "line 5")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP\r\n", "line 5")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", "line 6")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp x 1.2.3.4 5 typ host\r\n", "line 6")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\no=- 1 1 IN IP4 0.0.0.0\r\n", "line 6")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nx=unknown\r\n", "line 5")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 ZZ:00\r\n", "line 5")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", "missing t=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=setup:maybe\r\n", "line 5")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=simulcast:send a;;b\r\n", "line 5")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nA=upper\r\n", "line 5")]
    public void Malformed_descriptions_are_rejected_with_the_line_of_the_first_error(string text, string expectedInError)
    {
        Assert.False(SessionDescription.TryParse(text, out var description, out var error));
        Assert.Null(description);
        Assert.Contains(expectedInError, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_input_is_rejected()
    {
        Assert.False(SessionDescription.TryParse(null, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Every_truncated_prefix_of_a_valid_offer_is_parsed_or_rejected_without_throwing()
    {
        foreach (var offer in new[] { ChromiumOffer.Text, FirefoxOffer.Text })
        {
            for (var length = 0; length <= offer.Length; length++)
            {
                var prefix = offer[..length];
                var parsed = SessionDescription.TryParse(prefix, out var description, out var error);
                Assert.Equal(parsed, description is not null);
                Assert.Equal(parsed, error is null);
                if (parsed)
                {
                    TouchEverything(description!);
                }
            }
        }
    }

    [Fact]
    public void Ten_thousand_random_strings_never_throw()
    {
        var random = new Random(8866);
        const string alphabet = "vosimtcabkzrepu=:; /,~*-_.0123456789\r\n\tAZaz\0é{}";
        for (var i = 0; i < 10_000; i++)
        {
            var chars = new char[random.Next(0, 200)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(4) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)];
            }

            // Half of them start like SDP so they get past the first line and exercise the deeper parsers.
            var text = (i % 2 == 0 ? "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" : string.Empty) + new string(chars);
            if (SessionDescription.TryParse(text, out var description, out _))
            {
                TouchEverything(description!);
            }
        }
    }

    [Fact]
    public void Random_line_mutations_of_browser_offers_never_throw_and_parse_results_survive_answering()
    {
        var random = new Random(5761);
        string[] fragments = ["", " ", "a=", ":", "/", "~", ";", ",", "=", "-1", "99999999999", "256", "0", "\r", "typ", "rid=", "*", "pt="];
        var parsedCount = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var source = i % 2 == 0 ? ChromiumOffer.Text : FirefoxOffer.Text;
            var lines = source.Split('\n').ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                var index = random.Next(lines.Count);
                var line = lines[index];
                switch (random.Next(6))
                {
                    case 0:
                        lines.RemoveAt(index);
                        break;
                    case 1:
                        lines.Insert(index, lines[random.Next(lines.Count)]);
                        break;
                    case 2 when line.Length > 0:
                        lines[index] = line[..random.Next(line.Length)];
                        break;
                    case 3 when line.Length > 0:
                        var at = random.Next(line.Length);
                        lines[index] = line[..at] + fragments[random.Next(fragments.Length)] + line[at..];
                        break;
                    case 4 when line.Length > 0:
                        var fields = line.Split(' ');
                        fields[random.Next(fields.Length)] = fragments[random.Next(fragments.Length)];
                        lines[index] = string.Join(' ', fields);
                        break;
                    default:
                        (lines[index], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], line);
                        break;
                }
            }

            if (SessionDescription.TryParse(string.Join('\n', lines), out var description, out _))
            {
                parsedCount++;
                TouchEverything(description!);
                SdpAnswerBuilder.TryBuild(description!, ServerParameters.EchoOptions(), out var negotiation, out _);
                if (negotiation is not null)
                {
                    Assert.True(SessionDescription.TryParse(negotiation.Local.ToString(), out _, out var answerError), answerError);
                }
            }
        }

        // The mutations must leave enough valid descriptions to exercise the answer builder.
        Assert.True(parsedCount > 500, $"only {parsedCount} mutated descriptions parsed");
    }

    [Fact]
    public void Truncated_and_mutated_subscriber_answers_are_read_or_refused_without_throwing()
    {
        var options = new SdpOfferOptions(ServerParameters.Transport());
        var audio = new OfferMediaSection("a0", MediaDescription.Audio);
        audio.Codecs.Add(OfferCodec.Opus());
        var video = new OfferMediaSection("v0", MediaDescription.Video);
        video.Codecs.Add(OfferCodec.Vp8());
        var offer = SdpOfferBuilder.Build(options, [audio, video]);
        var answerText = ChromiumSubscriberAnswer.Text;
        var random = new Random(8843);
        var readCount = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var text = i < answerText.Length / 4
                ? answerText[..(i * 4)]
                : MutateOneLine(answerText, random);
            if (SessionDescription.TryParse(text, out var answer, out _)
                && SdpOfferBuilder.TryReadAnswer(offer, answer!, out var negotiation, out _))
            {
                readCount++;
                Assert.Equal(2, negotiation!.Sections.Count);
            }
        }

        Assert.True(readCount > 100, $"only {readCount} answers were read");
    }

    private static string MutateOneLine(string text, Random random)
    {
        var lines = text.Split("\r\n");
        var index = random.Next(lines.Length);
        var line = lines[index];
        lines[index] = random.Next(3) switch
        {
            0 => string.Empty,
            1 when line.Length > 0 => line[..random.Next(line.Length)],
            _ => line.Replace(' ', random.Next(2) == 0 ? ':' : ' ') + (random.Next(2) == 0 ? " 0" : "~"),
        };
        return string.Join("\r\n", lines);
    }

    /// <summary>
    /// Reads every typed view so a view that throws on odd-but-accepted input fails the test, and checks that
    /// whatever the parser accepts serializes to text it accepts again, unchanged.
    /// </summary>
    private static void TouchEverything(SessionDescription description)
    {
        var text = description.ToString();
        Assert.True(SessionDescription.TryParse(text, out var reparsed, out var error), error);
        Assert.Equal(text, reparsed!.ToString());
        _ = description.Fingerprints.ToList();
        _ = description.Groups.ToList();
        _ = description.IceOptions;
        _ = description.Setup;
        _ = description.Direction;
        SdpTransportInfo.TryFrom(description, out _, out _);
        foreach (var media in description.Media)
        {
            _ = media.Candidates.ToList();
            _ = media.RtpMaps.ToList();
            _ = media.Fmtps.Select(f => f.AssociatedPayloadType).ToList();
            _ = media.RtcpFeedbacks.ToList();
            _ = media.Extmaps.ToList();
            _ = media.Rids.ToList();
            _ = media.Simulcast;
            _ = media.SsrcAttributes.ToList();
            _ = media.SsrcGroups.ToList();
            _ = media.Msids.ToList();
            _ = media.Fingerprints.ToList();
            _ = media.PayloadTypes.ToList();
            _ = media.Direction;
            _ = media.Setup;
            _ = media.SctpPort;
            _ = media.MaxMessageSize;
        }
    }
}
