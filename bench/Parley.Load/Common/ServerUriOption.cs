using System.CommandLine;

namespace Parley.Load.Common;

/// <summary>The <c>--server</c> option every scenario has: an absolute URI whose scheme the scenario can speak.</summary>
public static class ServerUriOption
{
    public static Option<Uri> Create(string description, Uri defaultValue, params string[] schemes)
    {
        var expected = string.Join(" or ", schemes.Select(s => s + "://"));
        return new Option<Uri>("--server")
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme, StringComparer.Ordinal))
                {
                    return uri;
                }

                result.AddError($"--server: '{text}' is not a {expected} URL.");
                return null;
            },
        };
    }
}
