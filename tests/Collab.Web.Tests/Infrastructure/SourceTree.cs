namespace Collab.Web.Tests.Infrastructure;

public static class SourceTree
{
    /// <summary>The repository root (the folder holding Collab.sln).</summary>
    public static string Root { get; } = FindRoot();

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
