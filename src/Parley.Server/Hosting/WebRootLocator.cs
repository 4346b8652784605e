namespace Parley.Server.Hosting;

/// <summary>
/// Finds the folder of static web files: the configured one, else the <c>web/</c> folder of the repository that holds
/// the content root or the executable (found by walking up to the folder with <c>Parley.slnx</c>), else one next to
/// the executable.
/// </summary>
public static class WebRootLocator
{
    public const string FolderName = "web";
    private const string SolutionFile = "Parley.slnx";

    /// <summary>The absolute folder, or null when none exists (static files are then simply not served).</summary>
    public static string? Find(string? configured, string contentRoot, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured, contentRoot);
            return Directory.Exists(full) ? full : null;
        }

        foreach (var start in new[] { contentRoot, baseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    var web = Path.Combine(dir.FullName, FolderName);
                    if (Directory.Exists(web))
                    {
                        return web;
                    }

                    break;
                }
            }
        }

        var besideExecutable = Path.Combine(baseDirectory, FolderName);
        return Directory.Exists(besideExecutable) ? besideExecutable : null;
    }
}
