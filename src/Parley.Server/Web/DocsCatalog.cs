namespace Parley.Server.Web;

/// <summary>
/// The repository's <c>docs/*.md</c>, found at run time as the <c>docs</c> folder beside the web root (the
/// repository layout; see <see cref="Hosting.WebRootLocator"/>), else a <c>docs</c> folder next to the executable.
/// Only files directly in that folder whose names are plain (<c>[A-Za-z0-9._-]</c>) are ever served.
/// </summary>
public sealed class DocsCatalog(string? folder)
{
    public const string FolderName = "docs";

    /// <summary>The folder, or null when none was found (then /docs says so).</summary>
    public string? Folder { get; } = folder;

    public static DocsCatalog Locate(string? webRoot, string baseDirectory)
    {
        if (webRoot is not null)
        {
            var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(webRoot));
            if (parent is not null && Directory.Exists(Path.Combine(parent, FolderName)))
            {
                return new DocsCatalog(Path.Combine(parent, FolderName));
            }
        }

        var besideExecutable = Path.Combine(baseDirectory, FolderName);
        return new DocsCatalog(Directory.Exists(besideExecutable) ? besideExecutable : null);
    }

    /// <summary>Every document, by file name, with its title (its first <c># </c> heading, else the name).</summary>
    public IReadOnlyList<(string Name, string Title)> List()
    {
        if (Folder is null)
        {
            return [];
        }

        return Directory.EnumerateFiles(Folder, "*.md")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(IsPlainName)
            .Order(StringComparer.Ordinal)
            .Select(name => (name, ReadTitle(Path.Combine(Folder, name)) ?? name))
            .ToList();
    }

    /// <summary>The full path of <paramref name="name"/> (with or without <c>.md</c>), or null when it is not one of the docs.</summary>
    public string? Find(string name)
    {
        if (Folder is null || string.IsNullOrEmpty(name))
        {
            return null;
        }

        var fileName = name.EndsWith(".md", StringComparison.Ordinal) ? name : name + ".md";
        if (!IsPlainName(fileName))
        {
            return null;
        }

        var path = Path.Combine(Folder, fileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Letters, digits, '.', '-', '_' only, not starting with '.': no separators, no "..", no hidden files.</summary>
    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 100
        && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static string? ReadTitle(string path)
    {
        foreach (var line in File.ReadLines(path).Take(20))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                return line[2..].Trim();
            }
        }

        return null;
    }
}
