namespace Collab.Web.Hosting;

public static class CollabArguments
{
    /// <summary>
    /// Maps the <c>--seed-demo</c> switch to <c>Collab:SeedDemo=true</c> and <c>--demo-scale large</c> (or
    /// <c>--demo-scale=large</c>) to <c>Collab:DemoScale=large</c>; other arguments pass unchanged.
    /// </summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (string.Equals(a, "--seed-demo", StringComparison.OrdinalIgnoreCase))
            {
                result.Add("--Collab:SeedDemo=true");
            }
            else if (string.Equals(a, "--demo-scale", StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length)
            {
                result.Add("--Collab:DemoScale=" + args[++i]);
            }
            else if (a.StartsWith("--demo-scale=", StringComparison.OrdinalIgnoreCase))
            {
                result.Add("--Collab:DemoScale=" + a["--demo-scale=".Length..]);
            }
            else
            {
                result.Add(a);
            }
        }

        return [.. result];
    }
}
