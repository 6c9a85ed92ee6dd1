using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Mrp;

/// <summary>Property tests on reproducible random plants (seeded; a failure names its seed).</summary>
public class MrpPropertyTests
{
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var s = 1; s <= 12; s++)
        {
            data.Add(s);
        }

        return data;
    }

    /// <summary>A random plant whose size and shape depend on the seed, with a few optional orders.</summary>
    internal static MrpInput RandomPlant(int seed)
    {
        var rng = new PlantGenerator.SplitMix64((ulong)seed * 7919);
        var plant = PlantGenerator.Generate(5 + rng.Next(200), 1 + rng.Next(7), 1 + rng.Next(20), (ulong)seed);
        var demands = plant.Demands.Select(d => rng.Next(6) == 0 ? d with { Firm = false, Probability = 0.25 * (1 + rng.Next(4)) } : d).ToList();
        var policy = (OptionalOrderPolicy)rng.Next(3);
        return plant with { Demands = demands, OptionalOrders = policy };
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Engine_agrees_with_the_naive_decimal_reading_of_the_spec(int seed)
    {
        var plant = RandomPlant(seed);
        var result = MrpEngine.Run(plant);
        var reference = ReferenceMrp.Run(plant);
        for (var i = 0; i < plant.Items.Count; i++)
        {
            var code = plant.Items[i].Code;
            var row = reference[code];
            Assert.Equal(row.Llc, result.LowLevelCode(i));
            Compare(row.Gross, result.GrossRequirements(i), $"seed {seed} {code} gross");
            Compare(row.Sr, result.ScheduledReceipts(i), $"seed {seed} {code} receipts");
            Compare(row.Pa, result.ProjectedAvailable(i), $"seed {seed} {code} projected");
            Compare(row.Nr, result.NetRequirements(i), $"seed {seed} {code} net");
            Compare(row.Por, result.PlannedOrderReceipts(i), $"seed {seed} {code} planned receipts");
            Compare(row.Pol, result.PlannedOrderReleases(i), $"seed {seed} {code} planned releases");
            Assert.Equal(row.PastDueReceiptPeriods,
                result.Exceptions.Where(e => e.Type == MrpExceptionType.PastDueRelease && e.Item == code).Select(e => e.ReceiptPeriod!.Value));
        }
    }

    private static void Compare(decimal[] expected, ReadOnlySpan<double> actual, string what)
    {
        for (var t = 0; t < expected.Length; t++)
        {
            var e = (double)expected[t];
            var scale = Math.Max(1.0, Math.Abs(e));
            Assert.True(Math.Abs(e - actual[t]) <= 1e-6 * scale, $"{what} p{t + 1}: expected {e}, got {actual[t]}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Projected_stock_never_falls_below_safety_stock_and_releases_are_receipts_shifted_by_lead_time(int seed)
    {
        var plant = RandomPlant(seed);
        var result = MrpEngine.Run(plant);
        var h = plant.Periods;
        for (var i = 0; i < plant.Items.Count; i++)
        {
            var item = plant.Items[i];
            var pa = result.ProjectedAvailable(i);
            for (var t = 0; t < h; t++)
            {
                Assert.True(pa[t] >= item.SafetyStock - 1e-6 * Math.Max(1, item.SafetyStock), $"seed {seed} {item.Code} p{t + 1}: {pa[t]} < SS {item.SafetyStock}");
            }

            var shifted = new double[h];
            var por = result.PlannedOrderReceipts(i);
            for (var t = 0; t < h; t++)
            {
                shifted[Math.Max(0, t - item.LeadTime)] += por[t];
            }

            var pol = result.PlannedOrderReleases(i);
            for (var t = 0; t < h; t++)
            {
                Assert.True(Math.Abs(shifted[t] - pol[t]) <= 1e-9 * Math.Max(1, shifted[t]), $"seed {seed} {item.Code} release p{t + 1}");
            }

            // Planned orders add up to the bucket, respect maxQty, and only the first LT buckets are past due.
            foreach (var o in result.PlannedOrdersOf(i))
            {
                Assert.Equal(o.ReceiptPeriod - item.LeadTime < 1, o.PastDue);
                Assert.Equal(Math.Max(1, o.ReceiptPeriod - item.LeadTime), o.ReleasePeriod);
                if (item.MaxQty > 0)
                {
                    Assert.True(o.Qty <= item.MaxQty * (1 + 1e-9));
                }

                Assert.Equal(item.Source, o.Source);
            }

            for (var t = 0; t < h; t++)
            {
                var sum = result.PlannedOrdersOf(i).Where(o => o.ReceiptPeriod == t + 1).Sum(o => o.Qty);
                Assert.True(Math.Abs(sum - por[t]) <= 1e-9 * Math.Max(1, por[t]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Pegging_sums_equal_quantities(int seed)
    {
        var plant = RandomPlant(seed);
        var result = MrpEngine.Run(plant);
        var links = result.Pegging.Links;
        var byDemand = links.Where(l => l.Requirement == RequirementKind.CustomerDemand).ToLookup(l => l.RequirementIndex);
        var byParent = links.Where(l => l.Requirement == RequirementKind.ParentOrder).ToLookup(l => (l.RequirementIndex, l.Item));
        var byOrder = links.Where(l => l.Supply == SupplyKind.PlannedOrder).ToLookup(l => l.SupplyIndex);
        var bomByParent = plant.Bom.ToLookup(b => b.Parent);

        // Every customer demand inside the horizon is fully pegged, at its own item.
        for (var k = 0; k < plant.Demands.Count; k++)
        {
            var d = plant.Demands[k];
            var qty = plant.EffectiveQuantity(d);
            var pegged = byDemand[k].Sum(l => l.Qty);
            var expected = d.Period > plant.Periods ? 0 : qty;
            Assert.True(Math.Abs(expected - pegged) <= 1e-6 * Math.Max(1, expected), $"seed {seed} demand {k}: {pegged} of {expected}");
        }

        // Every parent planned order's component need is fully pegged: order qty × qtyPer × (1 + scrap) per line.
        var needs = new Dictionary<(int, string), double>();
        foreach (var o in result.PlannedOrders)
        {
            foreach (var line in bomByParent[o.Item])
            {
                needs[(o.Index, line.Component)] = needs.GetValueOrDefault((o.Index, line.Component)) + o.Qty * line.QtyPer * (1 + line.ScrapRate);
            }
        }

        foreach (var ((order, component), need) in needs)
        {
            var pegged = byParent[(order, component)].Sum(l => l.Qty);
            Assert.True(Math.Abs(need - pegged) <= 1e-6 * Math.Max(1, need), $"seed {seed} order {order} → {component}: {pegged} of {need}");
        }

        // No supply is pegged beyond its quantity, and never to a requirement before it arrives.
        foreach (var o in result.PlannedOrders)
        {
            var own = byOrder[o.Index].ToList();
            Assert.True(own.Sum(l => l.Qty) <= o.Qty * (1 + 1e-9) + 1e-9, $"seed {seed} order {o.Index} over-pegged");
            Assert.All(own, l => Assert.True(l.Period >= o.ReceiptPeriod));
            var full = result.Pegging.CustomerDemandsOfPlannedOrder(o.Index);
            Assert.True(full.Sum(p => p.Qty) <= o.Qty * (1 + 1e-6) + 1e-6, $"seed {seed} order {o.Index} full pegging exceeds qty");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Net_change_gives_exactly_the_full_run(int seed)
    {
        var plant = RandomPlant(seed);
        var session = MrpSession.Start(plant);
        var rng = new PlantGenerator.SplitMix64((ulong)seed + 1000);
        for (var step = 0; step < 25; step++)
        {
            var current = session.Input;
            var item = current.Items[rng.Next(current.Items.Count)];
            switch (rng.Next(6))
            {
                case 0 when current.Demands.Count > 0:
                    var k = rng.Next(current.Demands.Count);
                    session.UpdateDemand(k, current.Demands[k] with { Qty = 5 * rng.Next(30), Period = rng.Next(current.Periods + 2) });
                    break;
                case 1:
                    session.AddDemand(new MrpDemand(item.Code, 1 + rng.Next(current.Periods), 10 * (1 + rng.Next(10))));
                    break;
                case 2:
                    session.SetOnHand(item.Code, 10 * rng.Next(40));
                    break;
                case 3:
                    session.UpdateItem(item with
                    {
                        SafetyStock = 5 * rng.Next(5),
                        LeadTime = rng.Next(4),
                        LotSizing = rng.Next(2) == 0 ? LotSizing.Poq(1 + rng.Next(3)) : LotSizing.Foq(10 * (1 + rng.Next(20))),
                    });
                    break;
                case 4 when current.ScheduledReceipts.Count > 0:
                    var r = rng.Next(current.ScheduledReceipts.Count);
                    session.UpdateScheduledReceipt(r, current.ScheduledReceipts[r] with { Qty = 10 * rng.Next(20), Item = item.Code });
                    break;
                default:
                    var d = rng.Next(Math.Max(1, current.Demands.Count));
                    if (current.Demands.Count > 0)
                    {
                        session.UpdateDemand(d, current.Demands[d] with { Item = item.Code });
                    }

                    break;
            }

            var incremental = session.Result();
            var full = MrpEngine.Run(session.Input);
            for (var i = 0; i < full.ItemCount; i++)
            {
                var what = $"seed {seed} step {step} item {full.Code(i)}";
                Assert.True(full.GrossRequirements(i).SequenceEqual(incremental.GrossRequirements(i)), what + " gross");
                Assert.True(full.ScheduledReceipts(i).SequenceEqual(incremental.ScheduledReceipts(i)), what + " receipts");
                Assert.True(full.ProjectedAvailable(i).SequenceEqual(incremental.ProjectedAvailable(i)), what + " projected");
                Assert.True(full.NetRequirements(i).SequenceEqual(incremental.NetRequirements(i)), what + " net");
                Assert.True(full.PlannedOrderReceipts(i).SequenceEqual(incremental.PlannedOrderReceipts(i)), what + " receipts");
                Assert.True(full.PlannedOrderReleases(i).SequenceEqual(incremental.PlannedOrderReleases(i)), what + " releases");
            }

            Assert.Equal(full.PlannedOrders, incremental.PlannedOrders);
            Assert.Equal(full.Exceptions.Count, incremental.Exceptions.Count);
        }
    }

    [Fact]
    public void Net_change_replans_only_what_the_change_reaches()
    {
        var plant = PlantGenerator.Generate(2000, 6, 20, 3);
        var session = MrpSession.Start(plant);
        Assert.Equal(2000, session.LastRecomputedItems);

        // A leaf item (bought, lowest level) has no components: only its own record is replanned.
        var leaf = MrpEngine.Run(plant);
        var leafIndex = Enumerable.Range(0, leaf.ItemCount).First(i => leaf.LowLevelCode(i) == leaf.Levels - 1);
        var touched = session.SetOnHand(plant.Items[leafIndex].Code, plant.Items[leafIndex].OnHand + 1000);
        Assert.Equal(1, touched);

        var top = session.UpdateDemand(0, plant.Demands[0] with { Qty = plant.Demands[0].Qty + 1000 });
        Assert.InRange(top, 2, 1999);
    }
}
