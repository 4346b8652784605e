using System.CommandLine;

namespace Parley.Load.Common;

/// <summary>The <c>--server</c> option every scenario has: an absolute URI whose scheme the scenario can speak.</summary>
public static class ServerUriOption
{
    public static Option<Uri> Create(string description, Uri defaultValue, params string[] schemes)
    {
        return new Option<Uri>("--server")
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (TryParse(text, schemes, out var uri))
                {
                    return uri;
                }

                result.AddError($"--server: '{text}' is not a {Expected(schemes)} URL.");
                return null;
            },
        };
    }

    /// <summary>
    /// A repeatable option naming more endpoints of the same kind (the other nodes of a cluster), checked like
    /// <c>--server</c> so that a typo fails at parse time rather than as a connect error halfway through a run.
    /// </summary>
    public static Option<Uri[]> CreateRepeatable(string name, string description, params string[] schemes)
    {
        return new Option<Uri[]>(name)
        {
            Description = description,
            DefaultValueFactory = _ => [],
            CustomParser = result =>
            {
                var uris = new List<Uri>();
                foreach (var token in result.Tokens)
                {
                    if (!TryParse(token.Value, schemes, out var uri))
                    {
                        result.AddError($"{name}: '{token.Value}' is not a {Expected(schemes)} URL.");
                        return [];
                    }

                    uris.Add(uri);
                }

                return [.. uris];
            },
        };
    }

    private static bool TryParse(string text, string[] schemes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri) && schemes.Contains(uri.Scheme, StringComparer.Ordinal);

    private static string Expected(string[] schemes) => string.Join(" or ", schemes.Select(s => s + "://"));
}
