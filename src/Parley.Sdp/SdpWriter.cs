using System.Text;

namespace Parley.Sdp;

/// <summary>Line serialization shared by session and media sections: "&lt;type&gt;=&lt;value&gt;" CRLF (RFC 8866 §5).</summary>
internal static class SdpWriter
{
    public static void AppendLine(StringBuilder builder, char type, string? value)
    {
        if (value is null)
        {
            return;
        }

        builder.Append(type).Append('=').Append(value).Append("\r\n");
    }

    public static void AppendAttributes(StringBuilder builder, SdpAttributeList attributes)
    {
        foreach (var attribute in attributes)
        {
            builder.Append("a=").Append(attribute.Name);
            if (attribute.Value is not null)
            {
                builder.Append(':').Append(attribute.Value);
            }

            builder.Append("\r\n");
        }
    }
}
