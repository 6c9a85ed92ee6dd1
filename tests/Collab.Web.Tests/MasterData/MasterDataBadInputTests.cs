using System.Globalization;
using System.Text.Json;
using Collab.Contracts.Sites;
using Collab.Domain.MasterData;
using Collab.Web.Components.Pages.MasterData;
using Collab.Web.Resources;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Tests.MasterData;

/// <summary>
/// Issue #14's bad-input list through the path the pages use (MasterDataService → site grain → the one validator):
/// every case is refused with a typed problem worded as a clear French sentence, and nothing is stored (the whole
/// master-data set and the record's version are unchanged). Lead time as text cannot reach the service (an int); it
/// is refused by the import (ImportAnalysisTests) and, on the pages, a number cell that is not a number refuses the
/// pasted block (MasterDataJourneyTests).
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class MasterDataBadInputTests(WebHostFixture host)
{
    private MasterDataService Service => host.Factory.Services.GetRequiredService<MasterDataService>();

    public static TheoryData<string> Cases => new()
    {
        "negative quantity per", "negative stock receipt", "negative safety stock", "unknown workstation", "BOM cycle",
        "duplicate BOM line", "duplicate item code", "duplicate supplier code", "10,000-character item name",
        "10,000-character supplier name", "script in a description", "HTML in a customer name",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(string name)
    {
        await DemoPlantData.WaitSeededAsync(host);
        var data = await Service.GetAsync();
        var twoLevels = data.Bom.First(b => data.Bom.Any(x => x.Parent == b.Component));
        var (parent, component) = (twoLevels.Parent, twoLevels.Component);
        var lines = data.Bom.Where(b => b.Parent == parent).ToList();
        var made = data.Items.First(i => i.Code == parent);
        var bought = data.Items.First(i => i.Source == ItemSource.Buy);
        var supplier = data.Suppliers[0];
        var customer = data.Customers[0];
        const string U = "planificateur";

        var (key, command, code, words) = name switch
        {
            "negative quantity per" => ($"{MasterDataKeys.Bom}:{parent}", (Func<Task>)(() => Service.SaveBomAsync(parent, [lines[0] with { QtyPer = -2 }, .. lines.Skip(1)], Version($"{MasterDataKeys.Bom}:{parent}"), U)), MasterDataProblemCode.Negative, "ne peut pas être négati"),
            "negative stock receipt" => ($"{MasterDataKeys.Stock}:{bought.Code}", () => Service.MoveStockAsync(bought.Code, StockMovementKind.Receipt, -5, "Réception", Version($"{MasterDataKeys.Stock}:{bought.Code}"), U), MasterDataProblemCode.Negative, "ne peut pas être négati"),
            "negative safety stock" => (MasterDataKeys.Of(made), () => Service.SaveItemAsync(made with { SafetyStock = -1 }, Version(MasterDataKeys.Of(made)), U), MasterDataProblemCode.Negative, "ne peut pas être négati"),
            "unknown workstation" => ($"{MasterDataKeys.Routing}:{parent}", () => Service.SaveRoutingAsync(parent, [new RoutingOperationData(parent, 10, "ZZ99", 1, 0.5, "Op")], Version($"{MasterDataKeys.Routing}:{parent}"), U), MasterDataProblemCode.UnknownWorkstation, "poste de charge inconnu : ZZ99"),
            "BOM cycle" => ($"{MasterDataKeys.Bom}:{component}", () => Service.SaveBomAsync(component, [.. data.Bom.Where(b => b.Parent == component), new BomLineData(component, parent, 1)], Version($"{MasterDataKeys.Bom}:{component}"), U), MasterDataProblemCode.BomCycle, "la nomenclature boucle"),
            "duplicate BOM line" => ($"{MasterDataKeys.Bom}:{parent}", () => Service.SaveBomAsync(parent, [.. lines, lines[0]], Version($"{MasterDataKeys.Bom}:{parent}"), U), MasterDataProblemCode.Duplicate, "existe déjà"),
            "duplicate item code" => (MasterDataKeys.Of(made), () => Service.SaveItemAsync(bought with { Code = made.Code }, 0, U), MasterDataProblemCode.Duplicate, $"« {made.Code} » existe déjà"),
            "duplicate supplier code" => (MasterDataKeys.Of(supplier), () => Service.SaveSupplierAsync(supplier with { Name = "Autre" }, 0, U), MasterDataProblemCode.Duplicate, $"« {supplier.Code} » existe déjà"),
            "10,000-character item name" => (MasterDataKeys.Of(made), () => Service.SaveItemAsync(made with { Description = new string('x', 10_000) }, Version(MasterDataKeys.Of(made)), U), MasterDataProblemCode.TooLong, "est trop long"),
            "10,000-character supplier name" => (MasterDataKeys.Of(supplier), () => Service.SaveSupplierAsync(supplier with { Name = new string('x', 10_000) }, Version(MasterDataKeys.Of(supplier)), U), MasterDataProblemCode.TooLong, "est trop long"),
            "script in a description" => (MasterDataKeys.Of(made), () => Service.SaveItemAsync(made with { Description = "Vanne <script>alert(1)</script>" }, Version(MasterDataKeys.Of(made)), U), MasterDataProblemCode.Markup, "contient du HTML"),
            "HTML in a customer name" => (MasterDataKeys.Of(customer), () => Service.SaveCustomerAsync(customer with { Name = "<img src=x onerror=alert(1)>" }, Version(MasterDataKeys.Of(customer)), U), MasterDataProblemCode.Markup, "contient du HTML"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var stampBefore = await Service.StampAsync(key);
        var before = Snapshot(await Service.GetAsync());
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var k in new[] { $"{MasterDataKeys.Bom}:{parent}", $"{MasterDataKeys.Stock}:{bought.Code}", MasterDataKeys.Of(made), $"{MasterDataKeys.Routing}:{parent}", $"{MasterDataKeys.Bom}:{component}", MasterDataKeys.Of(supplier), MasterDataKeys.Of(customer) })
        {
            versions[k] = (await Service.StampAsync(k)).Version;
        }

        currentVersions = versions;
        var error = await Assert.ThrowsAsync<MasterDataRejectedException>(command);

        Assert.Contains(error.Problems, p => p.Code == code);
        var sentences = InFrench(() => Text().Describe(error.Problems));
        Assert.Contains(sentences, s => s.Contains(words, StringComparison.Ordinal));
        if (code == MasterDataProblemCode.BomCycle)
        {
            Assert.Contains(sentences, s => s.Contains($"{parent} → {component} → {parent}", StringComparison.Ordinal) || s.Contains($"{component} → {parent} → {component}", StringComparison.Ordinal));
        }

        Assert.Equal(before, Snapshot(await Service.GetAsync()));
        Assert.Equal(stampBefore, await Service.StampAsync(key));
    }

    private Dictionary<string, long> currentVersions = [];

    /// <summary>The record's current version, read when the command runs (the edit is otherwise valid on that point).</summary>
    private long Version(string key) => currentVersions[key];

    private static string Snapshot(MasterDataSet d) => JsonSerializer.Serialize(d);

    private static MasterDataProblemText Text()
    {
        var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        return new MasterDataProblemText(services.GetRequiredService<IStringLocalizer<MasterDataResource>>());
    }

    private static T InFrench<T>(Func<T> f)
    {
        var (c, u) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("fr-FR");
        try
        {
            return f();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (c, u);
        }
    }
}
