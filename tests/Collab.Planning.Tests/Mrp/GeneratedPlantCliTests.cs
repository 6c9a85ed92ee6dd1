using System.Text.Json;
using Collab.Cli;

namespace Collab.Planning.Tests.Mrp;

public class GeneratedPlantCliTests
{
    [Theory]
    [InlineData(1, 1, 1, 5)]
    [InlineData(40, 3, 8, 6)]
    [InlineData(3000, 8, 26, 7)]
    public void Collab_mrp_agrees_with_the_reference_on_generated_plants(int items, int levels, int periods, int seed)
    {
        var dir = Directory.CreateTempSubdirectory("collab-gen-mrp-");
        try
        {
            var plan = Path.Combine(dir.FullName, "plan.json");
            var result = Path.Combine(dir.FullName, "result.json");
            Assert.Equal(0, CliApp.Run(["generate", "--items", $"{items}", "--levels", $"{levels}", "--periods", $"{periods}", "--seed", $"{seed}", "--output", plan], TextWriter.Null, TextWriter.Null));
            var stderr = new StringWriter();
            Assert.True(CliApp.Run(["mrp", "--input", plan, "--output", result], TextWriter.Null, stderr) == 0, stderr.ToString());

            var input = Collab.Planning.Exchange.MrpJson.Read(File.ReadAllBytes(plan), out _)!;
            var reference = ReferenceMrp.Run(input);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(result));
            var rows = new[] { "grossRequirements", "scheduledReceipts", "projectedAvailable", "netRequirements", "plannedOrderReceipts", "plannedOrderReleases" };
            var count = 0;
            foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            {
                var expected = reference[item.GetProperty("code").GetString()!];
                Assert.Equal(expected.Llc, item.GetProperty("lowLevelCode").GetInt32());
                decimal[][] exp = [expected.Gross, expected.Sr, expected.Pa, expected.Nr, expected.Por, expected.Pol];
                for (var r = 0; r < rows.Length; r++)
                {
                    var t = 0;
                    foreach (var v in item.GetProperty(rows[r]).EnumerateArray())
                    {
                        var e = (double)exp[r][t++];
                        Assert.True(Math.Abs(e - v.GetDouble()) <= 1e-6 * Math.Max(1, Math.Abs(e)), $"{item.GetProperty("code")} {rows[r]} p{t}: {e} vs {v.GetDouble()}");
                    }

                    Assert.Equal(periods, t);
                }

                count++;
            }

            Assert.Equal(items, count);
            var pastDue = doc.RootElement.GetProperty("exceptions").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "PAST_DUE_RELEASE");
            Assert.Equal(reference.Values.Sum(r => r.PastDueReceiptPeriods.Count), pastDue);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
