namespace Collab.Planning.Mrp;

/// <summary>
/// Reproducible synthetic plants in the exchange format (for benchmarks and property tests).
/// Items are spread over <c>levels</c> BOM levels; every item below the top has a parent one
/// level up, so the low-level code of an item is exactly its level. Same arguments → same plant.
/// </summary>
public static class PlantGenerator
{
    public static MrpInput Generate(int items, int levels, int periods, ulong seed)
    {
        if (items < 1 || levels < 1 || periods < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(items), "items, levels and periods must be ≥ 1");
        }

        var rng = new SplitMix64(seed);
        levels = Math.Min(levels, items);

        // Level sizes: about 10 % end items, the rest shared by the lower levels.
        var top = Math.Max(1, levels == 1 ? items : items / 10);
        var levelStart = new int[levels + 1];
        levelStart[1] = top;
        for (var l = 1; l < levels; l++)
        {
            var remaining = items - levelStart[l];
            levelStart[l + 1] = levelStart[l] + Math.Max(1, remaining / (levels - l));
        }

        levelStart[levels] = items;
        var level = new int[items];
        for (var l = 0; l < levels; l++)
        {
            for (var i = levelStart[l]; i < levelStart[l + 1]; i++)
            {
                level[i] = l;
            }
        }

        var itemList = new MrpItem[items];
        for (var i = 0; i < items; i++)
        {
            var leaf = level[i] == levels - 1 && levels > 1;
            var buy = leaf || rng.Next(10) == 0;
            var lot = rng.Next(10) switch
            {
                < 4 => LotSizing.LotForLot,
                < 6 => LotSizing.Foq(50 * (1 + rng.Next(10))),
                < 8 => LotSizing.Poq(2 + rng.Next(3)),
                _ => LotSizing.Eoq(100 * (1 + rng.Next(50)), 20 + rng.Next(80), 1 + rng.Next(10)),
            };
            itemList[i] = new MrpItem
            {
                Code = $"I{i:D6}",
                LeadTime = rng.Next(4),
                OnHand = rng.Next(3) == 0 ? 0 : 10 * rng.Next(30),
                SafetyStock = rng.Next(4) == 0 ? 5 * rng.Next(10) : 0,
                LotSizing = lot,
                MinQty = rng.Next(8) == 0 ? 20 * (1 + rng.Next(5)) : 0,
                Multiple = rng.Next(5) == 0 ? (rng.Next(2) == 0 ? 10 : 25) : 0,
                MaxQty = rng.Next(10) == 0 ? 1000 * (1 + rng.Next(5)) : 0,
                Source = buy ? MakeOrBuy.Buy : MakeOrBuy.Make,
                Supplier = buy ? $"SUP{rng.Next(50):D3}" : null,
            };
        }

        var bom = new List<MrpBomLine>(items * 2);
        var edges = new HashSet<(int, int)>();
        double[] scraps = [0, 0, 0, 0.02, 0.05, 0.1];
        void AddLine(int p, int c)
        {
            if (edges.Add((p, c)))
            {
                // Mostly one per parent, sometimes 2 or 4: keeps quantities realistic eight levels down.
                var qtyPer = rng.Next(10) switch { < 7 => 1, < 9 => 2, _ => 4 };
                bom.Add(new MrpBomLine(itemList[p].Code, itemList[c].Code, qtyPer, scraps[rng.Next(scraps.Length)]));
            }
        }

        for (var i = levelStart[1 < levels ? 1 : 0]; i < items && levels > 1; i++)
        {
            var l = level[i];
            var p = levelStart[l - 1] + rng.Next(levelStart[l] - levelStart[l - 1]);
            AddLine(p, i);
        }

        for (var p = 0; p < items && levels > 1; p++)
        {
            var l = level[p];
            if (l >= levels - 1)
            {
                continue;
            }

            var extra = rng.Next(20) switch { < 13 => 0, < 18 => 1, _ => 2 };
            for (var k = 0; k < extra; k++)
            {
                var cl = rng.Next(4) == 0 ? l + 1 + rng.Next(levels - 1 - l) : l + 1;
                var c = levelStart[cl] + rng.Next(levelStart[cl + 1] - levelStart[cl]);
                AddLine(p, c);
            }
        }

        var demands = new List<MrpDemand>();
        for (var i = 0; i < items; i++)
        {
            var endItem = level[i] == 0;
            if (!endItem && rng.Next(20) != 0)
            {
                continue; // a few components are also sold as service parts
            }

            for (var t = 1; t <= periods; t++)
            {
                if (rng.Next(endItem ? 2 : 6) == 0)
                {
                    demands.Add(new MrpDemand(itemList[i].Code, t, 5 * (1 + rng.Next(20))));
                }
            }

            if (rng.Next(10) == 0)
            {
                demands.Add(new MrpDemand(itemList[i].Code, 0, 5 * (1 + rng.Next(10)))); // past due
            }

            if (rng.Next(10) == 0)
            {
                demands.Add(new MrpDemand(itemList[i].Code, periods + 1 + rng.Next(5), 50)); // beyond horizon
            }
        }

        var receipts = new List<MrpScheduledReceipt>();
        for (var k = 0; k < items / 3; k++)
        {
            var i = rng.Next(items);
            receipts.Add(new MrpScheduledReceipt(itemList[i].Code, rng.Next(Math.Min(periods, 8) + 1), 10 * (1 + rng.Next(30))));
        }

        return new MrpInput
        {
            Periods = periods,
            Items = itemList,
            Bom = bom,
            ScheduledReceipts = receipts,
            Demands = demands,
        };
    }

    /// <summary>SplitMix64: tiny, fast, and identical on every platform and runtime version.</summary>
    public sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong NextUInt64()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform integer in [0, n).</summary>
        public int Next(int n) => n <= 1 ? 0 : (int)(NextUInt64() % (ulong)n);

        /// <summary>Uniform double in [0, 1).</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }
}
