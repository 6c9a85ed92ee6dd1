namespace Collab.Web.Tests.Infrastructure;

public static class SourceTree
{
    /// <summary>The repository root (the folder holding Collab.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// Where browser tests save their 1920×1080 screenshots: docs/screenshots when
    /// COLLAB_UPDATE_SCREENSHOTS=1 (to refresh the documented pictures), else artifacts/screenshots
    /// (git-ignored), so an ordinary test run leaves the working tree clean.
    /// </summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("COLLAB_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(Root, "docs", "screenshots")
            : Path.Combine(Root, "artifacts", "screenshots")).FullName;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Collab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Collab.sln not found above " + AppContext.BaseDirectory);
    }
}
