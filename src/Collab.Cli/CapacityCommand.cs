using Collab.Planning.Capacity;
using Collab.Planning.Exchange;

namespace Collab.Cli;

/// <summary><c>collab capacity --input load.json [--output result.json]</c>: CRP loads vs capacity, overloads.</summary>
internal static class CapacityCommand
{
    public const string Summary = "Capacity load per workstation and bucket (CRP, infinite capacity), overloads: --input load.json";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        JsonCommand.Run("capacity", args, stdout, stderr,
            "collab capacity --input load.json [--output result.json] [--indent]   (format: docs/planning.md)",
            bytes => (PlanningJson.ReadCapacity(bytes, out var problems), problems),
            (CapacityInput input, bool indent) => PlanningJson.WriteCapacity(CapacityEngine.Run(input), indent));
}
