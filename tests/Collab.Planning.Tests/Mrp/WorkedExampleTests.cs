using System.Text.Json;
using Collab.Cli;
using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Mrp;

public class WorkedExampleTests
{
    private static readonly string[] RowNames =
        ["grossRequirements", "scheduledReceipts", "projectedAvailable", "netRequirements", "plannedOrderReceipts", "plannedOrderReleases"];

    [Fact]
    public void Engine_reproduces_every_row_of_the_worked_example()
    {
        var result = MrpEngine.Run(WorkedExample.Input);
        foreach (var (code, (llc, rows)) in WorkedExample.Expected)
        {
            var i = result.IndexOf(code);
            Assert.Equal(llc, result.LowLevelCode(i));
            WorkedExample.AssertRow(rows[0], result.GrossRequirements(i), $"{code} gross");
            WorkedExample.AssertRow(rows[1], result.ScheduledReceipts(i), $"{code} receipts");
            WorkedExample.AssertRow(rows[2], result.ProjectedAvailable(i), $"{code} projected");
            WorkedExample.AssertRow(rows[3], result.NetRequirements(i), $"{code} net");
            WorkedExample.AssertRow(rows[4], result.PlannedOrderReceipts(i), $"{code} planned receipts");
            WorkedExample.AssertRow(rows[5], result.PlannedOrderReleases(i), $"{code} planned releases");
        }

        var pastDue = Assert.Single(result.Exceptions, e => e.Type == MrpExceptionType.PastDueRelease);
        Assert.Equal("C", pastDue.Item);
        Assert.Equal(1, pastDue.ReceiptPeriod);
        WorkedExample.AssertClose(340, pastDue.Qty, "past-due qty");

        Assert.Equal(
            [("A", 1, 2, 10.0), ("A", 3, 4, 40), ("A", 5, 6, 25), ("B", 1, 3, 100), ("C", 1, 1, 340), ("C", 2, 3, 40), ("C", 4, 5, 30)],
            result.PlannedOrders.Select(o => (o.Item, o.ReleasePeriod, o.ReceiptPeriod, Math.Round(o.Qty, 6))));
    }

    [Fact]
    public void Cli_mrp_writes_the_worked_example_in_the_exchange_format()
    {
        var dir = Directory.CreateTempSubdirectory("collab-mrp-");
        try
        {
            var input = Path.Combine(dir.FullName, "plan.json");
            var output = Path.Combine(dir.FullName, "result.json");
            File.WriteAllText(input, WorkedExample.Json);
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            var code = CliApp.Run(["mrp", "--input", input, "--output", output], stdout, stderr);

            Assert.True(code == 0, stderr.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(output));
            var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(["A", "B", "C"], items.Select(i => i.GetProperty("code").GetString()));
            foreach (var item in items)
            {
                var (llc, rows) = WorkedExample.Expected[item.GetProperty("code").GetString()!];
                Assert.Equal(llc, item.GetProperty("lowLevelCode").GetInt32());
                for (var r = 0; r < RowNames.Length; r++)
                {
                    var actual = item.GetProperty(RowNames[r]).EnumerateArray().Select(e => e.GetDouble()).ToArray();
                    WorkedExample.AssertRow(rows[r], actual, $"{item.GetProperty("code")} {RowNames[r]}");
                }
            }

            // Quantities are written without binary noise: C's 340 is "340", not 340.00000000000006.
            Assert.Contains("\"plannedOrderReceipts\":[340,0,40,0,30,0]", File.ReadAllText(output));
            var orders = doc.RootElement.GetProperty("plannedOrders").EnumerateArray()
                .Select(o => (o.GetProperty("item").GetString(), o.GetProperty("releasePeriod").GetInt32(), o.GetProperty("receiptPeriod").GetInt32(), o.GetProperty("qty").GetDouble()))
                .ToList();
            Assert.Equal(7, orders.Count);
            Assert.Contains(("C", 1, 1, 340.0), orders);
            var first = doc.RootElement.GetProperty("exceptions")[0];
            Assert.Equal("PAST_DUE_RELEASE", first.GetProperty("type").GetString());
            Assert.Equal("C", first.GetProperty("item").GetString());
            Assert.Equal(1, first.GetProperty("receiptPeriod").GetInt32());
            Assert.Equal(340, first.GetProperty("qty").GetDouble());
            Assert.Equal(1, doc.RootElement.GetProperty("exceptions").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "PAST_DUE_RELEASE"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Cli_pegging_and_spec_only_options()
    {
        var dir = Directory.CreateTempSubdirectory("collab-mrp-peg-");
        try
        {
            var input = Path.Combine(dir.FullName, "plan.json");
            File.WriteAllText(input, WorkedExample.Json);
            var pegged = new StringWriter();
            Assert.Equal(0, CliApp.Run(["mrp", "--input", input, "--pegging"], pegged, TextWriter.Null));
            using var doc = JsonDocument.Parse(pegged.ToString());
            var links = doc.RootElement.GetProperty("pegging").EnumerateArray().ToList();
            // C's order of 340 (planned order 4) serves A's order 0 (10) and B's order 3 (330).
            var c = links.Where(l => l.GetProperty("item").GetString() == "C" && l.GetProperty("supplyIndex").GetInt32() == 4).ToList();
            Assert.Equal([(0, 10.0), (3, 330.0)], c.Select(l => (l.GetProperty("requirementIndex").GetInt32(), Math.Round(l.GetProperty("qty").GetDouble(), 6))));
            Assert.All(c, l => Assert.Equal("PARENT_ORDER", l.GetProperty("requirement").GetString()));

            var spec = new StringWriter();
            Assert.Equal(0, CliApp.Run(["mrp", "--input", input, "--spec-only"], spec, TextWriter.Null));
            using var specDoc = JsonDocument.Parse(spec.ToString());
            Assert.False(specDoc.RootElement.TryGetProperty("pegging", out _));
            Assert.Equal(["PAST_DUE_RELEASE"], specDoc.RootElement.GetProperty("exceptions").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Worked_example_pegging_and_extra_exceptions()
    {
        var result = MrpEngine.Run(WorkedExample.Input);

        // B's open receipt of 20 in period 1 is not needed before period 3 (50 on hand covers period 1).
        var reschedule = Assert.Single(result.Exceptions, e => e.Type == MrpExceptionType.RescheduleOut);
        Assert.Equal(("B", 1, 3), (reschedule.Item, reschedule.FromPeriod!.Value, reschedule.ToPeriod!.Value));

        // C's past-due order delays B's order (released in 1, C arrives one period late), which delays
        // A's order released in 3 (needs B in 3, B arrives in 4) and A's order for period 2 (needs C in 1).
        var late = result.Exceptions.Where(e => e.Type == MrpExceptionType.LateDemand).ToList();
        Assert.Equal([0, 1], late.Select(e => e.DemandIndex!.Value));
        Assert.All(late, e => Assert.Equal(["C"], e.Causes));
        Assert.All(late, e => Assert.Equal(1, e.DelayPeriods));

        // C's 340 serves A's order for period 2 (10) and B's order (330). B's lot of 100 serves 30 of the need
        // of A's p4 order and 50 of A's p6 order; 20 are left for safety stock. So through B, C's 330 serve
        // demand 1 for 30/100 × 330 = 99 and demand 2 for 50/100 × 330 = 165; 66 are pegged to nobody.
        var cOrder = result.PlannedOrders.Single(o => o.Item == "C" && o.ReceiptPeriod == 1);
        var pegs = result.Pegging.CustomerDemandsOfPlannedOrder(cOrder.Index);
        Assert.Equal([0, 1, 2], pegs.Select(p => p.DemandIndex));
        WorkedExample.AssertClose(10, pegs[0].Qty, "C → demand A p2");
        WorkedExample.AssertClose(99, pegs[1].Qty, "C → demand A p4");
        WorkedExample.AssertClose(165, pegs[2].Qty, "C → demand A p6");
        var bOrder = result.PlannedOrders.Single(o => o.Item == "B");
        Assert.Equal([30.0, 50.0], result.Pegging.CustomerDemandsOfPlannedOrder(bOrder.Index).Select(p => Math.Round(p.Qty, 6)));
        var receiptPegs = result.Pegging.CustomerDemandsOfScheduledReceipt(0);
        Assert.Equal((1, 20.0), (receiptPegs.Single().DemandIndex, Math.Round(receiptPegs.Single().Qty, 6)));
    }
}
