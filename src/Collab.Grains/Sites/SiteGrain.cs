using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Domain.MasterData;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Sites;

public sealed class SiteGrain(
    [PersistentState("site")] IPersistentState<SiteState> state,
    TimeProvider clock) : ObjectGrain<SiteState>(state, clock), ISiteGrain
{
    protected override ObjectKind Kind => ObjectKind.Site;

    Task<SiteInfo> ISiteGrain.GetInfoAsync() => Task.FromResult(ToInfo());

    async Task<SiteInfo> ISiteGrain.RenameAsync(string name, long expectedVersion, string user)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        await ExecuteAsync(user, expectedVersion, "Site renommé", s =>
        {
            if (trimmed.Length is 0 or > 120)
            {
                throw new CommandRejectedException("Le nom du site est obligatoire (120 caractères au plus).");
            }

            var change = new FieldChange("Nom", s.Name, trimmed);
            Init(s);
            s.Name = trimmed;
            return [change];
        });
        return ToInfo();
    }

    Task<MasterDataSet> ISiteGrain.GetMasterDataAsync() => Task.FromResult(State.Data);

    async Task<SiteInfo> ISiteGrain.ImportMasterDataAsync(MasterDataSet data, long expectedVersion, string user)
    {
        await ExecuteAsync(user, expectedVersion, "Données techniques importées", s =>
        {
            MasterDataRules.Validate(data);
            var before = s.Data;
            Init(s);
            s.Data = data;
            return [new FieldChange("Articles", before.Items.Count.ToString(CultureInfo.InvariantCulture), data.Items.Count.ToString(CultureInfo.InvariantCulture)),
                new FieldChange("Postes", before.Workstations.Count.ToString(CultureInfo.InvariantCulture), data.Workstations.Count.ToString(CultureInfo.InvariantCulture))];
        });
        await PlanInputChangedAsync();
        return ToInfo();
    }

    async Task<SiteInfo> ISiteGrain.UpsertItemAsync(ItemData item, long expectedVersion, string user)
    {
        await ExecuteAsync(user, expectedVersion, "Article modifié", s =>
        {
            var next = s.Data with { Items = Replace(s.Data.Items, item, i => i.Code == item.Code) };
            MasterDataRules.Validate(next);
            var old = s.Data.Items.FirstOrDefault(i => i.Code == item.Code);
            Init(s);
            s.Data = next;
            return [new FieldChange($"Article {item.Code}", old?.ToString(), item.ToString())];
        });
        await PlanInputChangedAsync();
        return ToInfo();
    }

    async Task<SiteInfo> ISiteGrain.UpsertSupplierAsync(SupplierData supplier, long expectedVersion, string user)
    {
        await ExecuteAsync(user, expectedVersion, "Fournisseur modifié", s =>
        {
            var next = s.Data with { Suppliers = Replace(s.Data.Suppliers, supplier, x => x.Code == supplier.Code) };
            MasterDataRules.Validate(next);
            var old = s.Data.Suppliers.FirstOrDefault(x => x.Code == supplier.Code);
            Init(s);
            s.Data = next;
            return [new FieldChange($"Fournisseur {supplier.Code}", old?.Email, supplier.Email)];
        });
        return ToInfo();
    }

    async Task<SiteInfo> ISiteGrain.UpsertCustomerAsync(CustomerData customer, long expectedVersion, string user)
    {
        await ExecuteAsync(user, expectedVersion, "Client modifié", s =>
        {
            var next = s.Data with { Customers = Replace(s.Data.Customers, customer, x => x.Code == customer.Code) };
            MasterDataRules.Validate(next);
            var old = s.Data.Customers.FirstOrDefault(x => x.Code == customer.Code);
            Init(s);
            s.Data = next;
            return [new FieldChange($"Client {customer.Code}", old?.Name, customer.Name)];
        });
        return ToInfo();
    }

    async Task<SiteInfo> ISiteGrain.SetStockAsync(string item, double onHand, long expectedVersion, string user)
    {
        await ExecuteAsync(user, expectedVersion, "Stock modifié", s =>
        {
            if (s.Data.Items.All(i => i.Code != item))
            {
                throw new CommandRejectedException($"Article inconnu : {item}.");
            }

            if (onHand < 0 || double.IsNaN(onHand))
            {
                throw new CommandRejectedException("Le stock ne peut pas être négatif.");
            }

            var old = s.Data.Stock.FirstOrDefault(x => x.Item == item);
            s.Data = s.Data with { Stock = Replace(s.Data.Stock, new StockData(item, onHand, old?.Allocated ?? 0), x => x.Item == item) };
            return [new FieldChange($"Stock {item}", old?.OnHand.ToString(CultureInfo.InvariantCulture), onHand.ToString(CultureInfo.InvariantCulture))];
        });
        await PlanInputChangedAsync();
        return ToInfo();
    }

    async Task<SiteInfo> ISiteGrain.SetForecastsAsync(string code, IReadOnlyList<ForecastData> forecasts, long expectedVersion, string user)
    {
        await ExecuteAsync(user, expectedVersion, "Prévisions modifiées", s =>
        {
            if (forecasts.Any(f => f.Code != code))
            {
                throw new CommandRejectedException("Toutes les prévisions doivent porter sur le même code.");
            }

            var next = s.Data with { Forecasts = [.. s.Data.Forecasts.Where(f => f.Code != code), .. forecasts] };
            MasterDataRules.Validate(next);
            var before = s.Data.Forecasts.Where(f => f.Code == code).Sum(f => f.Qty);
            s.Data = next;
            return [new FieldChange($"Prévisions {code}", before.ToString(CultureInfo.InvariantCulture), forecasts.Sum(f => f.Qty).ToString(CultureInfo.InvariantCulture))];
        });
        await PlanInputChangedAsync();
        return ToInfo();
    }

    async Task ISiteGrain.SyncWorkstationAsync(WorkstationData workstation, string user)
    {
        await ExecuteAsync(user, null, "Calendrier de poste", s =>
        {
            var old = s.Data.Workstations.FirstOrDefault(w => w.Code == workstation.Code);
            Init(s);
            s.Data = s.Data with { Workstations = Replace(s.Data.Workstations, workstation, w => w.Code == workstation.Code) };
            return [new FieldChange($"Poste {workstation.Code}", old?.WeeklyHours.ToString("0.#", CultureInfo.InvariantCulture), workstation.WeeklyHours.ToString("0.#", CultureInfo.InvariantCulture))];
        });
        await PlanInputChangedAsync();
    }

    /// <summary>Master data, stock, forecasts, calendars and settings are plan inputs: automatic net change.</summary>
    private Task PlanInputChangedAsync() => Plan.PlanGrain.InputChangedAsync(GrainFactory, this.GetPrimaryKeyString(), Self);

    Task<SiteSettings> ISiteGrain.GetSettingsAsync() => Task.FromResult(State.Settings ?? SiteSettings.Default);

    async Task<SiteInfo> ISiteGrain.UpdateSettingsAsync(SiteSettings settings, long expectedVersion, string user)
    {
        await ExecuteAsync(user, expectedVersion, "Paramètres modifiés", s =>
        {
            var errors = new List<string>();
            foreach (var p in new[] { settings.ManufacturingOrderPattern, settings.PurchaseOrderPattern, settings.CustomerOrderPattern })
            {
                if (string.IsNullOrWhiteSpace(p) || !p.Contains("{n", StringComparison.Ordinal))
                {
                    errors.Add($"Le modèle de numérotation « {p} » doit contenir un compteur {{n}} ou {{n:00000}}.");
                }
            }

            if (settings.HorizonWeeks is < 4 or > 104)
            {
                errors.Add("L'horizon doit être compris entre 4 et 104 semaines.");
            }

            if (settings.SopMonths is < 3 or > 36)
            {
                errors.Add("L'horizon du PIC doit être compris entre 3 et 36 mois.");
            }

            if (settings.ConsumeBackwardWeeks < 0 || settings.ConsumeForwardWeeks < 0)
            {
                errors.Add("La fenêtre de consommation des prévisions ne peut pas être négative.");
            }

            if (errors.Count > 0)
            {
                throw new CommandRejectedException(errors);
            }

            var old = s.Settings ?? SiteSettings.Default;
            Init(s);
            s.Settings = settings;
            return [new FieldChange("Paramètres", old.ToString(), settings.ToString())];
        });
        await PlanInputChangedAsync();
        return ToInfo();
    }

    async Task<string> ISiteGrain.NextNumberAsync(NumberKind kind, DateOnly day, string user)
    {
        string number = "";
        await ExecuteAsync(user, null, "Numéro attribué", s =>
        {
            Init(s);
            var settings = s.Settings ?? SiteSettings.Default;
            var pattern = kind switch
            {
                NumberKind.ManufacturingOrder => settings.ManufacturingOrderPattern,
                NumberKind.PurchaseOrder => settings.PurchaseOrderPattern,
                _ => settings.CustomerOrderPattern,
            };
            var counterKey = $"{kind}|{pattern}|{(pattern.Contains("{yyyy}", StringComparison.Ordinal) ? day.Year : 0)}";
            var n = s.Counters.GetValueOrDefault(counterKey) + 1;
            s.Counters[counterKey] = n;
            number = Numbering.Format(pattern, day, n);
            return [new FieldChange(kind.ToString(), null, number)];
        });
        return number;
    }

    async Task<SiteInfo> ISiteGrain.ApplyProjectChangeAsync(MasterDataSet data, ObjectRef origin, IReadOnlyList<FieldChange> changes, long expectedVersion, string user)
    {
        await ExecuteAsync(user, expectedVersion, $"Modification issue du projet {origin.Id}", s =>
        {
            MasterDataRules.Validate(data);
            Init(s);
            s.Data = data;
            return [.. changes];
        });
        return ToInfo();
    }

    private void Init(SiteState s)
    {
        if (string.IsNullOrEmpty(s.Site))
        {
            s.Site = this.GetPrimaryKeyString();
        }
    }

    private static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> list, T item, Func<T, bool> same)
    {
        var copy = list.ToList();
        var i = copy.FindIndex(x => same(x));
        if (i >= 0)
        {
            copy[i] = item;
        }
        else
        {
            copy.Add(item);
        }

        return copy;
    }

    private SiteInfo ToInfo()
    {
        var s = State;
        var code = this.GetPrimaryKeyString();
        return new SiteInfo(code, string.IsNullOrEmpty(s.Name) ? code : s.Name, s.Version, s.ModifiedBy, s.ModifiedAt, s.Data.Items.Count, s.Data.Workstations.Count);
    }
}

/// <summary>Persisted state: member names are schema (renaming needs a migration).</summary>
[GenerateSerializer, Alias("Collab.SiteState")]
public sealed class SiteState : ObjectState
{
    [Id(0)] public string Name { get; set; } = string.Empty;
    [Id(1)] public MasterDataSet Data { get; set; } = MasterDataSet.Empty;
    [Id(2)] public SiteSettings? Settings { get; set; }
    [Id(3)] public Dictionary<string, int> Counters { get; set; } = [];
}

/// <summary>Document numbering: <c>{yyyy}</c>, <c>{yy}</c>, <c>{n}</c> or <c>{n:000…}</c>.</summary>
public static class Numbering
{
    public static string Format(string pattern, DateOnly day, int n)
    {
        var result = pattern.Replace("{yyyy}", day.Year.ToString("0000", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{yy}", (day.Year % 100).ToString("00", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var start = result.IndexOf("{n", StringComparison.Ordinal);
        if (start < 0)
        {
            return result + n.ToString(CultureInfo.InvariantCulture);
        }

        var end = result.IndexOf('}', start);
        var spec = result[(start + 2)..end];
        var text = spec.StartsWith(':') ? n.ToString(spec[1..], CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture);
        return result[..start] + text + result[(end + 1)..];
    }
}

/// <summary>Validation of master data: the one pure validator, thrown as a typed rejection (the UI words it).</summary>
public static class MasterDataRules
{
    public static void Validate(MasterDataSet d) => MasterDataRejectedException.ThrowIfAny(MasterDataValidator.Validate(d));
}
