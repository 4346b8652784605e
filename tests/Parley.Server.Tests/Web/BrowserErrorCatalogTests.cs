using System.Reflection;
using System.Text.RegularExpressions;
using Parley.Protocol.Errors;

namespace Parley.Server.Tests.Web;

/// <summary>The browser SDK's <c>ErrorCodes</c> (web/sdk/errors.js) is the one catalog under the same names.</summary>
public sealed partial class BrowserErrorCatalogTests
{
    [Fact]
    public void Every_catalog_code_is_in_the_browser_sdk_under_the_same_name_and_value()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "web", "sdk", "errors.js"));
        var browser = EntryPattern().Matches(script).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

        var catalog = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

        Assert.NotEmpty(catalog);
        foreach (var (name, code) in catalog)
        {
            Assert.True(browser.TryGetValue(name, out var value), $"web/sdk/errors.js lacks {name} ({code})");
            Assert.Equal(code, value);
        }
    }

    [GeneratedRegex(@"^\s+([A-Za-z]+): (-?\d+),$", RegexOptions.Multiline)]
    private static partial Regex EntryPattern();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Parley.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
