namespace Collab.Web.Hosting;

public static class CollabArguments
{
    /// <summary>Maps the <c>--seed-demo</c> switch to <c>Collab:SeedDemo=true</c>; other arguments pass unchanged.</summary>
    public static string[] Normalize(string[] args) =>
        args.Select(a => string.Equals(a, "--seed-demo", StringComparison.OrdinalIgnoreCase) ? "--Collab:SeedDemo=true" : a).ToArray();
}
