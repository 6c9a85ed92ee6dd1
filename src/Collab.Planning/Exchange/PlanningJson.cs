using System.Text.Json;
using System.Text.Json.Serialization;
using Collab.Planning.Capacity;
using Collab.Planning.MasterData;
using Collab.Planning.Mrp;
using Collab.Planning.Sop;

namespace Collab.Planning.Exchange;

/// <summary>
/// JSON formats of <c>collab sop</c> and <c>collab capacity</c> (documented in docs/planning.md).
/// Reading reports type errors with the serializer's JSON path, then the engine's own checks.
/// </summary>
public static class PlanningJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    private static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    // ── S&OP ──

    private sealed record SopFamilyDto
    {
        public string? Code { get; init; }
        public double OpeningInventory { get; init; }
        public double TargetDaysOfCover { get; init; }
        public double[]? Firm { get; init; }
        public double[]? Forecast { get; init; }
        public List<SopOptionalOrder>? Optional { get; init; }
        public Dictionary<string, double>? HoursPerUnit { get; init; }
    }

    private sealed record SopWorkstationDto
    {
        public string? Code { get; init; }
        public double[]? CapacityHours { get; init; }
        public double? CapacityHoursPerMonth { get; init; }
    }

    private sealed record SopInputDto
    {
        public int Months { get; init; }
        public double[]? WorkingDays { get; init; }
        public int ConsumeBackward { get; init; } = 1;
        public int ConsumeForward { get; init; } = 1;
        public List<SopFamilyDto>? Families { get; init; }
        public List<SopWorkstationDto>? Workstations { get; init; }
    }

    public static SopInput? ReadSop(ReadOnlySpan<byte> utf8, out IReadOnlyList<InputProblem> problems)
    {
        var dto = Deserialize<SopInputDto>(utf8, out var list);
        problems = list;
        if (dto is null)
        {
            return null;
        }

        var input = new SopInput
        {
            Months = dto.Months,
            WorkingDays = dto.WorkingDays ?? [],
            ConsumeBackward = Math.Max(0, dto.ConsumeBackward),
            ConsumeForward = Math.Max(0, dto.ConsumeForward),
            Families = [.. (dto.Families ?? []).Select(f => new SopFamily
            {
                Code = f.Code ?? "",
                OpeningInventory = f.OpeningInventory,
                TargetDaysOfCover = f.TargetDaysOfCover,
                Firm = f.Firm ?? [],
                Forecast = f.Forecast ?? [],
                Optional = f.Optional ?? [],
                HoursPerUnit = f.HoursPerUnit ?? [],
            })],
            Workstations = [.. (dto.Workstations ?? []).Select(w => new SopWorkstation(
                w.Code ?? "",
                w.CapacityHours ?? (w.CapacityHoursPerMonth is { } h ? [.. Enumerable.Repeat(h, Math.Max(0, dto.Months))] : [])))],
        };
        if (dto.Families is null)
        {
            list.Add(new InputProblem("$.families", "required array is missing"));
        }

        list.AddRange(SopEngine.Validate(input));
        return input;
    }

    public static byte[] WriteSop(SopResult result, bool indented = false) =>
        JsonSerializer.SerializeToUtf8Bytes(result, indented ? Indented : Options);

    // ── Capacity ──

    private sealed record WorkstationDto
    {
        public string? Code { get; init; }
        public double[]? HoursByDay { get; init; }
        public int Machines { get; init; } = 1;
        public double Efficiency { get; init; } = 1.0;
        public DateOnly[]? Closures { get; init; }
    }

    private sealed record RoutingDto
    {
        public string? Item { get; init; }
        public int Sequence { get; init; }
        public string? Workstation { get; init; }
        public double SetupHours { get; init; }
        public double RunHoursPerUnit { get; init; }
    }

    private sealed record OrderDto
    {
        public string? Id { get; init; }
        public string? Item { get; init; }
        public double Qty { get; init; }
        public DateOnly NeedDate { get; init; }
        public OrderStatus Status { get; init; } = OrderStatus.Planned;
    }

    private sealed record CapacityInputDto
    {
        public DateOnly Start { get; init; }
        public BucketSize Bucket { get; init; } = BucketSize.Week;
        public int Buckets { get; init; }
        public List<WorkstationDto>? Workstations { get; init; }
        public List<RoutingDto>? Routings { get; init; }
        public List<OrderDto>? Orders { get; init; }
    }

    public static CapacityInput? ReadCapacity(ReadOnlySpan<byte> utf8, out IReadOnlyList<InputProblem> problems)
    {
        var dto = Deserialize<CapacityInputDto>(utf8, out var list);
        problems = list;
        if (dto is null)
        {
            return null;
        }

        if (dto.Start == default)
        {
            list.Add(new InputProblem("$.start", "required date (yyyy-MM-dd) is missing"));
        }

        if (dto.Buckets < 1)
        {
            list.Add(new InputProblem("$.buckets", "must be ≥ 1"));
        }

        var workstations = new List<Workstation>();
        for (var w = 0; w < (dto.Workstations?.Count ?? 0); w++)
        {
            var d = dto.Workstations![w];
            if (string.IsNullOrWhiteSpace(d.Code))
            {
                list.Add(new InputProblem($"$.workstations[{w}].code", "required field is missing"));
            }

            workstations.Add(new Workstation
            {
                Code = d.Code ?? "",
                Shifts = d.HoursByDay is null ? new ShiftPattern() : new ShiftPattern { HoursByDay = d.HoursByDay },
                Machines = d.Machines,
                Efficiency = d.Efficiency,
                Closures = d.Closures ?? [],
            });
        }

        var orders = new List<CapacityOrder>();
        for (var k = 0; k < (dto.Orders?.Count ?? 0); k++)
        {
            var o = dto.Orders![k];
            if (o.NeedDate == default)
            {
                list.Add(new InputProblem($"$.orders[{k}].needDate", "required date (yyyy-MM-dd) is missing"));
            }

            orders.Add(new CapacityOrder(o.Id ?? $"#{k}", o.Item ?? "", o.Qty, o.NeedDate, o.Status));
        }

        var input = new CapacityInput
        {
            Workstations = workstations,
            Routings = [.. (dto.Routings ?? []).Select(r => new RoutingOperation(r.Item ?? "", r.Sequence, r.Workstation ?? "", r.SetupHours, r.RunHoursPerUnit))],
            Orders = orders,
            Buckets = dto.Buckets >= 1 && dto.Buckets <= 10_000 ? MasterData.Buckets.Build(dto.Start, dto.Bucket, dto.Buckets) : [],
        };
        list.AddRange(CapacityEngine.Validate(input).Where(p => p.Path != "$.buckets" || dto.Buckets >= 1));
        return input;
    }

    public static byte[] WriteCapacity(CapacityResult result, bool indented = false) =>
        JsonSerializer.SerializeToUtf8Bytes(result, indented ? Indented : Options);

    private static T? Deserialize<T>(ReadOnlySpan<byte> utf8, out List<InputProblem> problems)
        where T : class
    {
        problems = [];
        try
        {
            var value = JsonSerializer.Deserialize<T>(utf8, Options);
            if (value is null)
            {
                problems.Add(new InputProblem("$", "the document must be a JSON object"));
            }

            return value;
        }
        catch (JsonException e)
        {
            problems.Add(new InputProblem(e.Path ?? "$", e.Message));
            return null;
        }
    }
}
