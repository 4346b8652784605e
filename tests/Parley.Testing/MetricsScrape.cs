using System.Globalization;

namespace Parley.Testing;

/// <summary>
/// One read of a server's Prometheus endpoint, parsed into samples (name, labels, value) so tests can ask for a
/// series: <c>scrape.Value("parley_media_rtp_packets_total", ("direction", "in"))</c> sums the samples whose labels
/// include the given ones. The format itself is checked by <see cref="Promtool"/>, not by this parser.
/// </summary>
public sealed class MetricsScrape
{
    private MetricsScrape(string text, string contentType, IReadOnlyList<MetricSample> samples)
    {
        Text = text;
        ContentType = contentType;
        Samples = samples;
    }

    public string Text { get; }

    public string ContentType { get; }

    public IReadOnlyList<MetricSample> Samples { get; }

    public static async Task<MetricsScrape> GetAsync(HttpClient client, string path = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return Parse(text, response.Content.Headers.ContentType?.ToString() ?? "");
    }

    public static MetricsScrape Parse(string text, string contentType = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            int brace = line.IndexOf('{', StringComparison.Ordinal);
            int space;
            string name;
            if (brace >= 0)
            {
                name = line[..brace];
                space = ReadLabels(line, brace + 1, labels) + 1;
            }
            else
            {
                space = line.IndexOf(' ', StringComparison.Ordinal);
                name = line[..space];
            }

            var valueText = line[(space + 1)..].Trim().Split(' ')[0];
            samples.Add(new MetricSample(name, labels, double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new MetricsScrape(text, contentType, samples);
    }

    /// <summary>True when a sample of <paramref name="name"/> exists.</summary>
    public bool Has(string name) => Samples.Any(sample => sample.Name == name);

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(sample => sample.Name == name && labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value))
            .Sum(sample => sample.Value);

    /// <summary>Reads <c>name="value",…}</c> from <paramref name="start"/> (escapes \\, \", \n); returns the index of the '}'.</summary>
    private static int ReadLabels(string line, int start, Dictionary<string, string> labels)
    {
        int i = start;
        while (line[i] != '}')
        {
            int equals = line.IndexOf('=', i);
            var labelName = line[i..equals].TrimStart(',');
            var value = new System.Text.StringBuilder();
            i = equals + 2; // past ="
            while (line[i] != '"')
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }

                i++;
            }

            labels[labelName] = value.ToString();
            i++; // past the closing quote
            if (line[i] == ',')
            {
                i++;
            }
        }

        return i;
    }
}
