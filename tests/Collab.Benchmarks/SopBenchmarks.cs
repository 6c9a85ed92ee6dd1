namespace Collab.Benchmarks;

internal static class SopBenchmarks
{
    public static void Run(string[] args)
    {
        Console.WriteLine("== S&OP: not wired yet ==");
    }
}
