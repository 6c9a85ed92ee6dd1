namespace Collab.Cli;

/// <summary>
/// The <c>collab</c> executable. An explicit class, not top-level statements: the CLI references Collab.Infrastructure
/// (the exchange workbook writer), which brings ASP.NET Core, whose generator would make a top-level <c>Program</c>
/// public and clash with the web app's in the tests that reference both.
/// </summary>
internal static class EntryPoint
{
    public static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}
