using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Collab.Planning.Mrp;

namespace Collab.Planning.Exchange;

/// <summary>Options of the exchange output writer.</summary>
public sealed record MrpJsonWriteOptions
{
    /// <summary>Add RESCHEDULE_IN/OUT, CANCEL and LATE_DEMAND after the spec's PAST_DUE_RELEASE exceptions.</summary>
    public bool ExtraExceptions { get; init; } = true;
    /// <summary>Add the single-level <c>pegging</c> links.</summary>
    public bool Pegging { get; init; }
    public bool Indented { get; init; }
}

/// <summary>
/// Reads and writes the MRP exchange format (docs: shared/design/mrp-exchange.md, extras in
/// docs/planning.md). Reading never throws on bad content: every problem is reported with its
/// JSON path and the semantic checks of <see cref="MrpValidator"/> run on what could be read.
/// </summary>
public static class MrpJson
{
    /// <summary>Parses and validates; <paramref name="problems"/> lists every problem (input is null when JSON itself is unreadable).</summary>
    public static MrpInput? Read(ReadOnlySpan<byte> utf8, out IReadOnlyList<InputProblem> problems)
    {
        var list = new List<InputProblem>();
        problems = list;
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            var valid = 0;
            while (valid < utf8.Length && System.Text.Rune.DecodeFromUtf8(utf8[valid..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                valid += consumed;
            }

            var line = 1 + utf8[..valid].Count((byte)'\n');
            list.Add(new InputProblem($"$ (line {line}, byte offset {valid})", "invalid UTF-8 text: the file must be saved as UTF-8"));
            return null;
        }

        JsonDocument doc;
        try
        {
            var bytes = utf8.ToArray();
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            list.Add(new InputProblem($"$ (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", $"invalid JSON: {e.Message}"));
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                list.Add(new InputProblem("$", "the document must be a JSON object"));
                return null;
            }

            var r = new Reader(list);
            var periods = root.TryGetProperty("periods", out var pe) ? r.Int(pe, "$.periods") : r.Missing("$.periods", 0);
            var items = r.Array(root, "items", required: true, ReadItem);
            var bom = r.Array(root, "bom", required: false, (e, p) => new MrpBomLine(
                r.String(e, p, "parent", true) ?? "", r.String(e, p, "component", true) ?? "",
                r.Number(e, p, "qtyPer", true), r.Number(e, p, "scrapRate", false)));
            var receipts = r.Array(root, "scheduledReceipts", required: false, (e, p) => new MrpScheduledReceipt(
                r.String(e, p, "item", true) ?? "", r.IntField(e, p, "period", true), r.Number(e, p, "qty", true))
            { Id = r.String(e, p, "id", false) });
            var demands = r.Array(root, "demands", required: false, (e, p) => new MrpDemand(
                r.String(e, p, "item", true) ?? "", r.IntField(e, p, "period", true), r.Number(e, p, "qty", true))
            {
                Id = r.String(e, p, "id", false),
                Firm = r.Bool(e, p, "firm", true),
                Probability = e.TryGetProperty("probability", out var pr) ? r.Double(pr, $"{p}.probability") : 1.0,
            });
            var policy = OptionalOrderPolicy.Weighted;
            if (root.TryGetProperty("optionalOrders", out var oo))
            {
                policy = (oo.ValueKind == JsonValueKind.String ? oo.GetString()!.ToUpperInvariant() : null) switch
                {
                    "WEIGHTED" => OptionalOrderPolicy.Weighted,
                    "FULL" => OptionalOrderPolicy.Full,
                    "IGNORE" => OptionalOrderPolicy.Ignore,
                    _ => r.Problem("$.optionalOrders", "must be \"WEIGHTED\", \"FULL\" or \"IGNORE\"", OptionalOrderPolicy.Weighted),
                };
            }

            var input = new MrpInput
            {
                Periods = periods,
                Items = items,
                Bom = bom,
                ScheduledReceipts = receipts,
                Demands = demands,
                OptionalOrders = policy,
            };
            var seen = new HashSet<string>(list.Select(q => q.Path));
            list.AddRange(MrpValidator.Validate(input).Where(p => !seen.Contains(p.Path)));
            return input;

            MrpItem ReadItem(JsonElement e, string p)
            {
                var lot = LotSizing.LotForLot;
                if (e.TryGetProperty("lotSizing", out var ls))
                {
                    lot = ReadLotSizing(r, ls, $"{p}.lotSizing");
                }

                var source = MakeOrBuy.Make;
                if (e.TryGetProperty("source", out var so))
                {
                    source = (so.ValueKind == JsonValueKind.String ? so.GetString()!.ToUpperInvariant() : null) switch
                    {
                        "MAKE" => MakeOrBuy.Make,
                        "BUY" => MakeOrBuy.Buy,
                        _ => r.Problem($"{p}.source", "must be \"MAKE\" or \"BUY\"", MakeOrBuy.Make),
                    };
                }

                return new MrpItem
                {
                    Code = r.String(e, p, "code", true) ?? "",
                    LeadTime = r.IntField(e, p, "leadTime", false),
                    OnHand = r.Number(e, p, "onHand", false),
                    SafetyStock = r.Number(e, p, "safetyStock", false),
                    LotSizing = lot,
                    MinQty = r.Number(e, p, "minQty", false),
                    Multiple = r.Number(e, p, "multiple", false),
                    MaxQty = r.Number(e, p, "maxQty", false),
                    Source = source,
                    Supplier = r.String(e, p, "supplier", false),
                    Discrete = r.Bool(e, p, "discrete", false),
                };
            }
        }
    }

    private static LotSizing ReadLotSizing(Reader r, JsonElement ls, string p)
    {
        if (ls.ValueKind != JsonValueKind.Object)
        {
            return r.Problem(p, "must be an object like {\"rule\": \"LFL\"}", LotSizing.LotForLot);
        }

        var ruleText = r.String(ls, p, "rule", false) ?? "LFL";
        LotSizingRule rule;
        switch (ruleText.ToUpperInvariant())
        {
            case "LFL": rule = LotSizingRule.Lfl; break;
            case "FOQ": rule = LotSizingRule.Foq; break;
            case "POQ": rule = LotSizingRule.Poq; break;
            case "EOQ": rule = LotSizingRule.Eoq; break;
            default:
                return r.Problem($"{p}.rule", $"unknown lot-sizing rule '{ruleText}' (LFL, FOQ, POQ or EOQ)", LotSizing.LotForLot);
        }

        return new LotSizing
        {
            Rule = rule,
            Quantity = ls.TryGetProperty("quantity", out var q) ? r.Double(q, $"{p}.quantity") : null,
            Periods = ls.TryGetProperty("periods", out var pe) ? r.Int(pe, $"{p}.periods") : null,
            AnnualDemand = ls.TryGetProperty("annualDemand", out var d) ? r.Double(d, $"{p}.annualDemand") : null,
            OrderCost = ls.TryGetProperty("orderCost", out var s) ? r.Double(s, $"{p}.orderCost") : null,
            HoldingCost = ls.TryGetProperty("holdingCost", out var h) ? r.Double(h, $"{p}.holdingCost") : null,
        };
    }

    private sealed class Reader(List<InputProblem> problems)
    {
        public T Problem<T>(string path, string message, T fallback)
        {
            problems.Add(new InputProblem(path, message));
            return fallback;
        }

        public int Missing(string path, int fallback) => Problem(path, "required field is missing", fallback);

        public IReadOnlyList<T> Array<T>(JsonElement root, string name, bool required, Func<JsonElement, string, T> read)
        {
            if (!root.TryGetProperty(name, out var a) || a.ValueKind == JsonValueKind.Null)
            {
                return required ? Problem<IReadOnlyList<T>>($"$.{name}", "required array is missing", []) : [];
            }

            if (a.ValueKind != JsonValueKind.Array)
            {
                return Problem<IReadOnlyList<T>>($"$.{name}", "must be an array", []);
            }

            var list = new List<T>(a.GetArrayLength());
            var k = 0;
            foreach (var e in a.EnumerateArray())
            {
                var path = $"$.{name}[{k++}]";
                if (e.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new InputProblem(path, "must be an object"));
                }

                list.Add(read(e.ValueKind == JsonValueKind.Object ? e : EmptyObject, path));
            }

            return list;
        }

        public string? String(JsonElement e, string path, string name, bool required)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return required ? Problem<string?>($"{path}.{name}", "required field is missing", null) : null;
            }

            return v.ValueKind == JsonValueKind.String ? v.GetString() : Problem<string?>($"{path}.{name}", "must be a string", null);
        }

        public double Number(JsonElement e, string path, string name, bool required)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return required ? Problem($"{path}.{name}", "required field is missing", 0.0) : 0.0;
            }

            return Double(v, $"{path}.{name}");
        }

        public int IntField(JsonElement e, string path, string name, bool required)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return required ? Problem($"{path}.{name}", "required field is missing", 0) : 0;
            }

            return Int(v, $"{path}.{name}");
        }

        public bool Bool(JsonElement e, string path, string name, bool fallback)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return fallback;
            }

            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => Problem($"{path}.{name}", "must be true or false", fallback),
            };
        }

        public double Double(JsonElement v, string path) =>
            v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
                ? d
                : Problem(path, "must be a number", 0.0);

        public int Int(JsonElement v, string path)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
            {
                return (int)d;
            }

            return Problem(path, "must be an integer", 0);
        }

        private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    }

    /// <summary>Writes the exchange output (items, plannedOrders, exceptions; pegging on request).</summary>
    public static byte[] Write(MrpResult result, MrpJsonWriteOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        Write(result, buffer, options);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(MrpResult result, IBufferWriter<byte> output, MrpJsonWriteOptions? options = null)
    {
        options ??= new MrpJsonWriteOptions();
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = options.Indented, SkipValidation = true });
        w.WriteStartObject();
        w.WriteStartArray("items");
        for (var i = 0; i < result.ItemCount; i++)
        {
            w.WriteStartObject();
            w.WriteString("code", result.Code(i));
            w.WriteNumber("lowLevelCode", result.LowLevelCode(i));
            Row(w, "grossRequirements", result.GrossRequirements(i));
            Row(w, "scheduledReceipts", result.ScheduledReceipts(i));
            Row(w, "projectedAvailable", result.ProjectedAvailable(i));
            Row(w, "netRequirements", result.NetRequirements(i));
            Row(w, "plannedOrderReceipts", result.PlannedOrderReceipts(i));
            Row(w, "plannedOrderReleases", result.PlannedOrderReleases(i));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("plannedOrders");
        foreach (var o in result.PlannedOrders)
        {
            w.WriteStartObject();
            w.WriteString("item", o.Item);
            w.WriteNumber("releasePeriod", o.ReleasePeriod);
            w.WriteNumber("receiptPeriod", o.ReceiptPeriod);
            w.WritePropertyName("qty");
            Number(w, o.Qty);
            w.WriteString("source", o.Source == MakeOrBuy.Buy ? "BUY" : "MAKE");
            if (o.Supplier is not null)
            {
                w.WriteString("supplier", o.Supplier);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("exceptions");
        foreach (var e in result.Exceptions)
        {
            if (e.Type != MrpExceptionType.PastDueRelease && !options.ExtraExceptions)
            {
                continue;
            }

            WriteException(w, e);
        }

        w.WriteEndArray();
        if (options.Pegging)
        {
            w.WriteStartArray("pegging");
            foreach (var l in result.Pegging.Links)
            {
                w.WriteStartObject();
                w.WriteString("item", l.Item);
                w.WriteString("supply", l.Supply switch
                {
                    SupplyKind.OnHand => "ON_HAND",
                    SupplyKind.ScheduledReceipt => "SCHEDULED_RECEIPT",
                    _ => "PLANNED_ORDER",
                });
                if (l.Supply != SupplyKind.OnHand)
                {
                    w.WriteNumber("supplyIndex", l.SupplyIndex);
                }

                w.WriteString("requirement", l.Requirement == RequirementKind.CustomerDemand ? "DEMAND" : "PARENT_ORDER");
                w.WriteNumber("requirementIndex", l.RequirementIndex);
                w.WriteNumber("period", l.Period);
                w.WritePropertyName("qty");
                Number(w, l.Qty);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>Writes an input in the exchange format (fields at their default value are left out).</summary>
    public static byte[] WriteInput(MrpInput input, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, SkipValidation = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("periods", input.Periods);
            if (input.OptionalOrders != OptionalOrderPolicy.Weighted)
            {
                w.WriteString("optionalOrders", input.OptionalOrders.ToString().ToUpperInvariant());
            }

            w.WriteStartArray("items");
            foreach (var i in input.Items)
            {
                w.WriteStartObject();
                w.WriteString("code", i.Code);
                w.WriteNumber("leadTime", i.LeadTime);
                w.WriteNumber("onHand", i.OnHand);
                w.WriteNumber("safetyStock", i.SafetyStock);
                w.WriteStartObject("lotSizing");
                var lot = i.LotSizing ?? LotSizing.LotForLot;
                w.WriteString("rule", lot.Rule.ToString().ToUpperInvariant());
                OptionalNumber(w, "quantity", lot.Quantity);
                if (lot.Periods is { } lp)
                {
                    w.WriteNumber("periods", lp);
                }

                OptionalNumber(w, "annualDemand", lot.AnnualDemand);
                OptionalNumber(w, "orderCost", lot.OrderCost);
                OptionalNumber(w, "holdingCost", lot.HoldingCost);
                w.WriteEndObject();
                w.WriteNumber("minQty", i.MinQty);
                w.WriteNumber("multiple", i.Multiple);
                w.WriteNumber("maxQty", i.MaxQty);
                if (i.Source == MakeOrBuy.Buy)
                {
                    w.WriteString("source", "BUY");
                }

                if (i.Supplier is not null)
                {
                    w.WriteString("supplier", i.Supplier);
                }

                if (i.Discrete)
                {
                    w.WriteBoolean("discrete", true);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("bom");
            foreach (var b in input.Bom)
            {
                w.WriteStartObject();
                w.WriteString("parent", b.Parent);
                w.WriteString("component", b.Component);
                w.WriteNumber("qtyPer", b.QtyPer);
                w.WriteNumber("scrapRate", b.ScrapRate);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("scheduledReceipts");
            foreach (var r in input.ScheduledReceipts)
            {
                w.WriteStartObject();
                w.WriteString("item", r.Item);
                w.WriteNumber("period", r.Period);
                w.WriteNumber("qty", r.Qty);
                if (r.Id is not null)
                {
                    w.WriteString("id", r.Id);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("demands");
            foreach (var d in input.Demands)
            {
                w.WriteStartObject();
                w.WriteString("item", d.Item);
                w.WriteNumber("period", d.Period);
                w.WriteNumber("qty", d.Qty);
                if (d.Id is not null)
                {
                    w.WriteString("id", d.Id);
                }

                if (!d.Firm)
                {
                    w.WriteBoolean("firm", false);
                    w.WriteNumber("probability", d.Probability);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();

        static void OptionalNumber(Utf8JsonWriter w, string name, double? v)
        {
            if (v is { } x)
            {
                w.WriteNumber(name, x);
            }
        }
    }

    private static void WriteException(Utf8JsonWriter w, MrpException e)
    {
        w.WriteStartObject();
        w.WriteString("type", MrpException.TypeName(e.Type));
        w.WriteString("item", e.Item);
        if (e.ReceiptPeriod is { } rp)
        {
            w.WriteNumber("receiptPeriod", rp);
        }

        w.WritePropertyName("qty");
        Number(w, e.Qty);
        if (e.NeededReleasePeriod is { } nr)
        {
            w.WriteNumber("neededReleasePeriod", nr);
        }

        if (e.ReceiptIndex is { } ri)
        {
            w.WriteNumber("receiptIndex", ri);
        }

        if (e.DemandIndex is { } di)
        {
            w.WriteNumber("demandIndex", di);
        }

        if (e.Order is not null)
        {
            w.WriteString("order", e.Order);
        }

        if (e.FromPeriod is { } fp)
        {
            w.WriteNumber("fromPeriod", fp);
        }

        if (e.ToPeriod is { } tp)
        {
            w.WriteNumber("toPeriod", tp);
        }

        if (e.DelayPeriods is { } dp)
        {
            w.WriteNumber("delayPeriods", dp);
        }

        if (e.Causes.Count > 0)
        {
            w.WriteStartArray("causes");
            foreach (var c in e.Causes)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Row(Utf8JsonWriter w, string name, ReadOnlySpan<double> row)
    {
        w.WriteStartArray(name);
        foreach (var v in row)
        {
            Number(w, v);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes a quantity rounded to 9 decimals (removes binary noise such as 340.00000000000006; never "-0").</summary>
    public static void Number(Utf8JsonWriter w, double v)
    {
        var r = Math.Round(v, 9);
        w.WriteNumberValue(r == 0 ? 0.0 : r);
    }

    /// <summary>Formats a quantity as written in the output.</summary>
    public static string Format(double v)
    {
        var r = Math.Round(v, 9);
        return (r == 0 ? 0.0 : r).ToString("R", CultureInfo.InvariantCulture);
    }
}
