using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Domain.Plan;
using Collab.Planning.Mrp;

namespace Collab.Domain.Projects;

/// <summary>
/// Planning-parameter changes of a project applied to a COPY of the master data, and the what-if plan
/// comparison (two <see cref="PlanComputation"/> runs on the same open orders). Pure: no grain, no clock.
/// </summary>
public static class WhatIf
{

    /// <summary>Typed problems of one change against the master data (empty when valid).</summary>
    public static IReadOnlyList<RefusalReason> Validate(ParameterChange c, MasterDataSet data)
    {
        var errors = new List<RefusalReason>();
        var target = c.Target?.Trim() ?? "";
        if (!double.IsFinite(c.Value))
        {
            errors.Add(new(Refusal.ParameterNotANumber));
            return errors;
        }

        switch (c.Kind)
        {
            case ParameterKind.SetupTimePercent or ParameterKind.RunTimePercent:
                if (data.Workstations.All(w => w.Code != target))
                {
                    errors.Add(new(Refusal.UnknownWorkstation, target));
                }
                else if (!data.Routings.Any(r => r.Workstation == target && (c.Item is null || r.Item == c.Item)))
                {
                    errors.Add(c.Item is null ? new(Refusal.NoRoutingOnWorkstation, target) : new(Refusal.ItemNoOperationOnWorkstation, c.Item, target));
                }

                if (c.Value is <= -100 or > 500)
                {
                    errors.Add(new(Refusal.TimeChangeOutOfRange));
                }

                break;
            case ParameterKind.LotSize or ParameterKind.LeadTimeDays or ParameterKind.SafetyStock:
                if (data.Items.All(i => i.Code != target))
                {
                    errors.Add(new(Refusal.UnknownItem, target));
                }

                if (c.Kind == ParameterKind.LotSize && c.Value <= 0)
                {
                    errors.Add(new(Refusal.LotSizeNotPositive));
                }
                else if (c.Kind == ParameterKind.LeadTimeDays && (c.Value < 0 || c.Value > 365 || c.Value != Math.Floor(c.Value)))
                {
                    errors.Add(new(Refusal.LeadTimeOutOfRange));
                }
                else if (c.Kind == ParameterKind.SafetyStock && c.Value < 0)
                {
                    errors.Add(new(Refusal.SafetyStockNegative));
                }

                break;
            case ParameterKind.Shifts or ParameterKind.Machines:
                if (data.Workstations.All(w => w.Code != target))
                {
                    errors.Add(new(Refusal.UnknownWorkstation, target));
                }

                if (c.Kind == ParameterKind.Shifts && c.Value is not (1 or 2 or 3))
                {
                    errors.Add(new(Refusal.ShiftsOutOfRange));
                }
                else if (c.Kind == ParameterKind.Machines && (c.Value < 1 || c.Value > 50 || c.Value != Math.Floor(c.Value)))
                {
                    errors.Add(new(Refusal.MachinesOutOfRange));
                }

                break;
            default:
                errors.Add(new(Refusal.UnknownParameterKind));
                break;
        }

        return errors;
    }

    /// <summary>
    /// The master data with every change applied (the input is not modified); invalid changes throw <see cref="CommandRejectedException"/>.
    /// <paramref name="validateMasterData"/> (the site's master-data rules, given by the grain) checks the result.
    /// </summary>
    public static MasterDataSet Apply(MasterDataSet data, IEnumerable<ParameterChange> changes, Action<MasterDataSet>? validateMasterData = null)
    {
        var result = data;
        var errors = new List<RefusalReason>();
        foreach (var c in changes)
        {
            var problems = Validate(c, result);
            if (problems.Count > 0)
            {
                errors.AddRange(problems);
                continue;
            }

            result = ApplyOne(result, c);
        }

        if (errors.Count > 0)
        {
            throw new CommandRejectedException(errors);
        }

        validateMasterData?.Invoke(result);
        return result;
    }

    private static MasterDataSet ApplyOne(MasterDataSet d, ParameterChange c)
    {
        var factor = 1 + c.Value / 100;
        switch (c.Kind)
        {
            case ParameterKind.SetupTimePercent:
                return d with { Routings = [.. d.Routings.Select(r => Matches(r, c) ? r with { SetupHours = Math.Round(r.SetupHours * factor, 4) } : r)] };
            case ParameterKind.RunTimePercent:
                return d with { Routings = [.. d.Routings.Select(r => Matches(r, c) ? r with { RunHoursPerUnit = Math.Round(r.RunHoursPerUnit * factor, 6) } : r)] };
            case ParameterKind.LotSize:
                return d with { Items = [.. d.Items.Select(i => i.Code == c.Target ? i with { LotRule = LotRule.FixedQuantity, LotQuantity = c.Value } : i)] };
            case ParameterKind.LeadTimeDays:
                return d with { Items = [.. d.Items.Select(i => i.Code == c.Target ? i with { LeadTimeDays = (int)c.Value } : i)] };
            case ParameterKind.SafetyStock:
                return d with { Items = [.. d.Items.Select(i => i.Code == c.Target ? i with { SafetyStock = c.Value } : i)] };
            case ParameterKind.Shifts:
                return d with { Workstations = [.. d.Workstations.Select(w => w.Code == c.Target ? w with { HoursByDay = WorkstationData.Shifts((int)c.Value) } : w)] };
            default:
                return d with { Workstations = [.. d.Workstations.Select(w => w.Code == c.Target ? w with { Machines = (int)c.Value } : w)] };
        }
    }

    private static bool Matches(RoutingOperationData r, ParameterChange c) => r.Workstation == c.Target && (c.Item is null || r.Item == c.Item);

    /// <summary>Field changes (from → to) that applying the changes makes to the master data, for the site's master-data
    /// history: typed fields, the record as subject, invariant values (the UI words them).</summary>
    public static IReadOnlyList<FieldChange> Diff(MasterDataSet before, MasterDataSet after)
    {
        var changes = new List<FieldChange>();
        foreach (var (b, a) in before.Routings.Zip(after.Routings))
        {
            var operation = $"{a.Item}/{a.Sequence} ({a.Workstation})";
            Add(HistoryField.SetupHours, b.SetupHours, a.SetupHours, operation);
            Add(HistoryField.RunHoursPerUnit, b.RunHoursPerUnit, a.RunHoursPerUnit, operation);
        }

        foreach (var (b, a) in before.Items.Zip(after.Items))
        {
            if (b.LotRule != a.LotRule)
            {
                changes.Add(FieldChange.Of(HistoryField.LotRule, b.LotRule.ToString(), a.LotRule.ToString(), subject: a.Code));
            }

            Add(HistoryField.LotQuantity, b.LotQuantity, a.LotQuantity, a.Code);
            Add(HistoryField.LeadTimeDays, b.LeadTimeDays, a.LeadTimeDays, a.Code);
            Add(HistoryField.SafetyStock, b.SafetyStock, a.SafetyStock, a.Code);
        }

        foreach (var (b, a) in before.Workstations.Zip(after.Workstations))
        {
            Add(HistoryField.WeeklyHours, b.WeeklyHours, a.WeeklyHours, a.Code);
        }

        return changes;

        void Add(HistoryField field, double from, double to, string subject)
        {
            if (from != to)
            {
                changes.Add(FieldChange.Of(field, FieldChange.Value(from), FieldChange.Value(to), subject: subject));
            }
        }
    }

    /// <summary>Runs the plan twice (current data, changed data) on the same open orders and compares.</summary>
    public static SimulationResult Compare(MasterDataSet data, SiteSettings settings, IReadOnlyList<OrderSummary> orders, IReadOnlyList<ParameterChange> changes,
        DateOnly today, DateTimeOffset at, string user, Action<MasterDataSet>? validateMasterData = null)
    {
        if (changes.Count == 0)
        {
            throw new CommandRejectedException(Refusal.NothingToSimulate);
        }

        if (data.Items.Count == 0)
        {
            throw new CommandRejectedException(Refusal.NoMasterData);
        }

        var changed = Apply(data, changes, validateMasterData);
        PlanComputation before;
        PlanComputation after;
        try
        {
            before = Run(data, settings, orders, today);
            after = Run(changed, settings, orders, today);
        }
        catch (InvalidMrpInputException e)
        {
            throw new CommandRejectedException([.. e.Problems.Take(10).Select(p => new RefusalReason(Refusal.InvalidPlanData, p.ToString()))]);
        }

        var beforeRows = before.LoadRows().ToDictionary(r => r.Workstation);
        var workstations = after.LoadRows().Select(a =>
        {
            var b = beforeRows[a.Workstation];
            return new WorkstationComparison(a.Workstation, a.Description, [.. a.Weeks.Select(w => w.WeekStart)],
                [.. b.Weeks.Select(w => w.Available)], [.. b.Weeks.Select(w => w.Load)], [.. a.Weeks.Select(w => w.Available)], [.. a.Weeks.Select(w => w.Load)]);
        }).ToList();
        // The changes are carried typed (Parameters); the page and the A3 PDF word them.
        return new SimulationResult(at, user, today, [], Figures(before), Figures(after), workstations) { Parameters = [.. changes] };
    }

    private static PlanComputation Run(MasterDataSet data, SiteSettings settings, IReadOnlyList<OrderSummary> orders, DateOnly today) =>
        new(new PlanInputs { RunId = "what-if", Today = today, Data = data, Settings = settings, Orders = [.. orders], User = "simulation" });

    /// <summary>
    /// Late customer orders and projected service of the open customer-order lines, both by THE definition of a late
    /// customer order (<see cref="Collab.Planning.Lateness.Late.CustomerOrder"/>, docs/late.md) on the run's date;
    /// average projected stock value; overloads. The live plan shows the same figures (<c>IPlanGrain.GetFiguresAsync</c>).
    /// </summary>
    public static PlanFigures Figures(PlanComputation run)
    {
        var open = run.OpenCustomerLines().ToList();
        var lateLines = open.Count(x => Collab.Planning.Lateness.Late.CustomerOrder(x.Line.Date, run.ExpectedAvailability(x.Order, x.Line), run.Snapshot.Today));
        var lines = open.Count;
        var otd = Collab.Planning.Lateness.Late.ServiceRatePercent(lines, lateLines);
        var stockValue = run.Stock.Sum(s => s.ProjectedStock.Length == 0 ? 0
            : s.ProjectedStock.Average(p => Math.Max(0, p)) * (run.Items.GetValueOrDefault(s.Item)?.UnitCost ?? 0));
        var lateOrders = run.LateCustomerOrders();
        return new PlanFigures(
            lateOrders.Count,
            lines,
            otd,
            Math.Round(stockValue, 2),
            run.Capacity.Loads.Count(l => l.Overloaded),
            run.Mrp.PlannedOrders.Count,
            lateOrders);
    }
}
