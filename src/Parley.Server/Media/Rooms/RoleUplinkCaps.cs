using System.Globalization;
using Parley.Protocol.Roles;
using Parley.Sdp;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// Writes a role's uplink bounds into the answer to a publisher's offer (R4.1, R4.3; docs/protocol.md §9.1): every
/// video section the server receives gets <c>b=AS</c> (kbit/s) and <c>b=TIAS</c> (bit/s, RFC 3890) at the role's
/// maximum bitrate, and the Opus <c>a=fmtp</c> gets <c>maxaveragebitrate</c> (RFC 7587 §6.1) and, for a two-channel
/// role, <c>stereo=1</c>. Browsers honour both on their sender; the SFU enforces the same maximum with REMB.
/// </summary>
public static class RoleUplinkCaps
{
    /// <summary>Applies <paramref name="role"/> to every accepted section of <paramref name="answer"/> that the server receives.</summary>
    public static void Apply(SessionDescription answer, RoleDefinition role)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(role);
        foreach (var section in answer.Media)
        {
            if (section.IsRejected || !section.IsRtp || section.Direction is not (MediaDirection.RecvOnly or MediaDirection.SendRecv))
            {
                continue;
            }

            if (section.IsVideo)
            {
                SetBandwidth(section, (ulong)role.Video.MaxBitrateKbps);
            }
            else if (section.IsAudio)
            {
                CapOpus(section, role.Audio);
            }
        }
    }

    private static void SetBandwidth(MediaDescription section, ulong kbps)
    {
        for (int i = section.Bandwidths.Count - 1; i >= 0; i--)
        {
            if (section.Bandwidths[i].Type is "AS" or "TIAS")
            {
                section.Bandwidths.RemoveAt(i);
            }
        }

        section.Bandwidths.Add(new SdpBandwidth("AS", kbps));
        section.Bandwidths.Add(new SdpBandwidth("TIAS", kbps * 1000));
    }

    private static void CapOpus(MediaDescription section, AudioParameters audio)
    {
        var opus = section.RtpMaps.FirstOrDefault(map => string.Equals(map.EncodingName, "opus", StringComparison.OrdinalIgnoreCase));
        if (opus is null)
        {
            return;
        }

        var existing = section.Fmtps.FirstOrDefault(fmtp => fmtp.PayloadType == opus.PayloadType);
        var parameters = existing?.Parameters.Where(p => p.Key is not ("maxaveragebitrate" or "stereo" or "sprop-stereo")).ToList()
            ?? [];
        parameters.Add(new("maxaveragebitrate", (audio.BitrateKbps * 1000).ToString(CultureInfo.InvariantCulture)));
        if (audio.Channels >= 2)
        {
            parameters.Add(new("stereo", "1"));
            parameters.Add(new("sprop-stereo", "1"));
        }

        var capped = new Fmtp(opus.PayloadType, new ValueList<KeyValuePair<string, string?>>(parameters));
        var attributes = section.Attributes;
        for (int i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Name == SdpAttributeNames.Fmtp && Fmtp.TryParse(attributes[i].Value, out var fmtp) && fmtp!.PayloadType == opus.PayloadType)
            {
                attributes[i] = capped.ToAttribute();
                return;
            }
        }

        attributes.Add(capped.ToAttribute());
    }
}
