namespace Collab.Domain.Exchange;

/// <summary>The kinds of data a plant exchanges with its ERP, one sheet (or CSV file) each.</summary>
public enum ExchangeSheet
{
    Items,
    BomLines,
    Routings,
    Workstations,
    Closures,
    Suppliers,
    Customers,
    Forecasts,
    Stock,
    /// <summary>Open purchase orders, one row per line (lines, requested and confirmed dates).</summary>
    PurchaseOrders,
    /// <summary>Open manufacturing orders, one row per order (with the last operation done).</summary>
    ManufacturingOrders,
    /// <summary>Open customer orders, one row per line (firm or optional with a probability).</summary>
    CustomerOrders,
}

/// <summary>Type of a column's cells.</summary>
public enum ColumnType
{
    Text,
    Number,
    Integer,
    Date,
    Boolean,
    Source,
    LotRule,
}

/// <summary>A column of a sheet: stable key, French and English headers (either is accepted on import).</summary>
public sealed record ExchangeColumn(string Key, string French, string English, ColumnType Type, bool Required, object? Example);

/// <summary>A sheet of the template: names in both languages, columns, one example row.</summary>
public sealed record ExchangeSheetDefinition(ExchangeSheet Sheet, string French, string English, IReadOnlyList<ExchangeColumn> Columns)
{
    public string Name(bool english) => english ? English : French;

    public ExchangeColumn Column(string key) => Columns.First(c => c.Key == key);
}

/// <summary>The one template of the import: sheets and columns, in French and English.</summary>
public static class ExchangeSchema
{
    private static ExchangeColumn Col(string key, string fr, string en, ColumnType type, bool required, object? example) => new(key, fr, en, type, required, example);

    public static readonly IReadOnlyList<ExchangeSheetDefinition> Sheets =
    [
        new(ExchangeSheet.Items, "Articles", "Items",
        [
            Col("code", "Code", "Code", ColumnType.Text, true, "PF-100"),
            Col("description", "Désignation", "Description", ColumnType.Text, true, "Vélo de ville"),
            Col("family", "Famille", "Family", ColumnType.Text, true, "VELOS"),
            Col("source", "Fabriqué/Acheté", "Make/Buy", ColumnType.Source, true, "Fabriqué"),
            Col("unit", "Unité", "Unit", ColumnType.Text, true, "pce"),
            Col("unitCost", "Coût unitaire", "Unit cost", ColumnType.Number, false, 250.5),
            Col("leadTimeDays", "Délai (jours)", "Lead time (days)", ColumnType.Integer, true, 5),
            Col("safetyStock", "Stock de sécurité", "Safety stock", ColumnType.Number, false, 10.0),
            Col("lotRule", "Règle de lot", "Lot rule", ColumnType.LotRule, false, "Lot pour lot"),
            Col("lotQuantity", "Quantité de lot", "Lot quantity", ColumnType.Number, false, 0.0),
            Col("lotPeriods", "Périodes de lot", "Lot periods", ColumnType.Integer, false, 0),
            Col("minQty", "Quantité minimale", "Minimum quantity", ColumnType.Number, false, 0.0),
            Col("multiple", "Multiple", "Multiple", ColumnType.Number, false, 0.0),
            Col("preferredSupplier", "Fournisseur préféré", "Preferred supplier", ColumnType.Text, false, null),
            Col("buyer", "Acheteur", "Buyer", ColumnType.Text, false, null),
            Col("planner", "Planificateur", "Planner", ColumnType.Text, false, "planif"),
        ]),
        new(ExchangeSheet.BomLines, "Nomenclatures", "BOM",
        [
            Col("parent", "Composé", "Parent", ColumnType.Text, true, "PF-100"),
            Col("component", "Composant", "Component", ColumnType.Text, true, "SF-200"),
            Col("qtyPer", "Quantité par", "Qty per", ColumnType.Number, true, 1.0),
            Col("scrapRate", "Taux de rebut", "Scrap rate", ColumnType.Number, false, 0.02),
        ]),
        new(ExchangeSheet.Routings, "Gammes", "Routings",
        [
            Col("item", "Article", "Item", ColumnType.Text, true, "PF-100"),
            Col("sequence", "Séquence", "Sequence", ColumnType.Integer, true, 10),
            Col("workstation", "Poste", "Workstation", ColumnType.Text, true, "MONT"),
            Col("setupHours", "Réglage (h)", "Setup (h)", ColumnType.Number, true, 0.5),
            Col("runHoursPerUnit", "Temps unitaire (h)", "Run time per unit (h)", ColumnType.Number, true, 0.25),
            Col("description", "Description", "Description", ColumnType.Text, false, "Montage final"),
        ]),
        new(ExchangeSheet.Workstations, "Postes", "Workstations",
        [
            Col("code", "Code", "Code", ColumnType.Text, true, "MONT"),
            Col("description", "Désignation", "Description", ColumnType.Text, true, "Ligne de montage"),
            Col("monday", "Lundi (h)", "Monday (h)", ColumnType.Number, true, 8.0),
            Col("tuesday", "Mardi (h)", "Tuesday (h)", ColumnType.Number, true, 8.0),
            Col("wednesday", "Mercredi (h)", "Wednesday (h)", ColumnType.Number, true, 8.0),
            Col("thursday", "Jeudi (h)", "Thursday (h)", ColumnType.Number, true, 8.0),
            Col("friday", "Vendredi (h)", "Friday (h)", ColumnType.Number, true, 8.0),
            Col("saturday", "Samedi (h)", "Saturday (h)", ColumnType.Number, false, 0.0),
            Col("sunday", "Dimanche (h)", "Sunday (h)", ColumnType.Number, false, 0.0),
            Col("machines", "Machines", "Machines", ColumnType.Integer, true, 1),
            Col("efficiency", "Efficience", "Efficiency", ColumnType.Number, true, 0.9),
        ]),
        new(ExchangeSheet.Closures, "Fermetures", "Closures",
        [
            Col("workstation", "Poste", "Workstation", ColumnType.Text, true, "MONT"),
            Col("date", "Date", "Date", ColumnType.Date, true, new DateTime(2027, 8, 9)),
        ]),
        new(ExchangeSheet.Suppliers, "Fournisseurs", "Suppliers",
        [
            Col("code", "Code", "Code", ColumnType.Text, true, "F-ACME"),
            Col("name", "Nom", "Name", ColumnType.Text, true, "Acme Industrie"),
            Col("email", "E-mail", "Email", ColumnType.Text, true, "commandes@acme.example"),
            Col("language", "Langue", "Language", ColumnType.Text, true, "fr"),
            Col("contact", "Contact", "Contact", ColumnType.Text, false, "Mme Durand"),
            Col("city", "Ville", "City", ColumnType.Text, false, "Lyon"),
        ]),
        new(ExchangeSheet.Customers, "Clients", "Customers",
        [
            Col("code", "Code", "Code", ColumnType.Text, true, "C-VELO"),
            Col("name", "Nom", "Name", ColumnType.Text, true, "Vélos du Rhône"),
            Col("city", "Ville", "City", ColumnType.Text, true, "Lyon"),
            Col("email", "E-mail", "Email", ColumnType.Text, false, "achats@velos.example"),
            Col("language", "Langue", "Language", ColumnType.Text, false, "fr"),
            Col("contact", "Contact", "Contact", ColumnType.Text, false, "M. Martin"),
        ]),
        new(ExchangeSheet.Forecasts, "Prévisions", "Forecasts",
        [
            Col("code", "Article ou famille", "Item or family", ColumnType.Text, true, "PF-100"),
            Col("isFamily", "Famille (oui/non)", "Family (yes/no)", ColumnType.Boolean, false, "non"),
            Col("periodStart", "Début de période", "Period start", ColumnType.Date, true, new DateTime(2027, 1, 4)),
            Col("qty", "Quantité", "Quantity", ColumnType.Number, true, 40.0),
        ]),
        new(ExchangeSheet.Stock, "Stock", "Stock",
        [
            Col("item", "Article", "Item", ColumnType.Text, true, "PF-100"),
            Col("onHand", "En stock", "On hand", ColumnType.Number, true, 12.0),
            Col("allocated", "Réservé", "Allocated", ColumnType.Number, false, 0.0),
        ]),
        new(ExchangeSheet.PurchaseOrders, "Ordres d'achat", "Purchase orders",
        [
            Col("number", "Numéro", "Number", ColumnType.Text, true, "OA-ERP-1001"),
            Col("supplier", "Fournisseur", "Supplier", ColumnType.Text, true, "F-ACME"),
            Col("line", "Ligne", "Line", ColumnType.Integer, true, 10),
            Col("item", "Article", "Item", ColumnType.Text, true, "PF-100"),
            Col("qty", "Quantité", "Quantity", ColumnType.Number, true, 50.0),
            Col("requestedDate", "Date demandée", "Requested date", ColumnType.Date, true, new DateTime(2027, 1, 11)),
            Col("confirmedDate", "Date confirmée", "Confirmed date", ColumnType.Date, false, new DateTime(2027, 1, 13)),
            Col("buyer", "Acheteur", "Buyer", ColumnType.Text, false, null),
        ]),
        new(ExchangeSheet.ManufacturingOrders, "Ordres de fabrication", "Manufacturing orders",
        [
            Col("number", "Numéro", "Number", ColumnType.Text, true, "OF-ERP-2001"),
            Col("item", "Article", "Item", ColumnType.Text, true, "PF-100"),
            Col("qty", "Quantité", "Quantity", ColumnType.Number, true, 20.0),
            Col("start", "Début", "Start", ColumnType.Date, true, new DateTime(2027, 1, 4)),
            Col("due", "Fin", "Due", ColumnType.Date, true, new DateTime(2027, 1, 8)),
            Col("released", "Lancé (oui/non)", "Released (yes/no)", ColumnType.Boolean, false, "oui"),
            Col("lastOperationDone", "Dernière opération terminée", "Last operation done", ColumnType.Integer, false, null),
        ]),
        new(ExchangeSheet.CustomerOrders, "Commandes clients", "Customer orders",
        [
            Col("number", "Numéro", "Number", ColumnType.Text, true, "CC-ERP-3001"),
            Col("customer", "Client", "Customer", ColumnType.Text, true, "C-VELO"),
            Col("line", "Ligne", "Line", ColumnType.Integer, true, 1),
            Col("item", "Article", "Item", ColumnType.Text, true, "PF-100"),
            Col("qty", "Quantité", "Quantity", ColumnType.Number, true, 15.0),
            Col("promisedDate", "Date promise", "Promised date", ColumnType.Date, true, new DateTime(2027, 1, 15)),
            Col("firm", "Ferme (oui/non)", "Firm (yes/no)", ColumnType.Boolean, false, "oui"),
            Col("probability", "Probabilité (%)", "Probability (%)", ColumnType.Number, false, null),
            Col("reference", "Référence client", "Customer reference", ColumnType.Text, false, "BC-7781"),
        ]),
    ];

    public static ExchangeSheetDefinition Definition(ExchangeSheet sheet) => Sheets.First(s => s.Sheet == sheet);

    /// <summary>Finds the sheet a name designates (French or English, case and accents ignored; a CSV file name may carry it, e.g. "plant-articles.csv").</summary>
    public static ExchangeSheetDefinition? FindByName(string name)
    {
        var key = Normalize(Path.GetFileNameWithoutExtension(name));
        var exact = Sheets.FirstOrDefault(s => Normalize(s.French) == key || Normalize(s.English) == key);
        if (exact is not null)
        {
            return exact;
        }

        // Longest names first: "nomenclatures" before "stock" etc.
        return Sheets
            .SelectMany(s => new[] { (s, Normalize(s.French)), (s, Normalize(s.English)) })
            .OrderByDescending(p => p.Item2.Length)
            .Where(p => key.Contains(p.Item2, StringComparison.Ordinal))
            .Select(p => p.s)
            .FirstOrDefault();
    }

    /// <summary>Finds the sheet whose required columns all appear in <paramref name="headers"/> (for a CSV file whose name says nothing); the most specific wins.</summary>
    public static ExchangeSheetDefinition? FindByHeaders(IReadOnlyList<string?> headers)
    {
        var present = headers.Where(h => h is not null).Select(h => Normalize(h!)).ToHashSet(StringComparer.Ordinal);
        return Sheets
            .Where(s => s.Columns.Where(c => c.Required).All(c => present.Contains(Normalize(c.French)) || present.Contains(Normalize(c.English))))
            .OrderByDescending(s => s.Columns.Count(c => present.Contains(Normalize(c.French)) || present.Contains(Normalize(c.English))))
            .ThenBy(s => s.Columns.Count)
            .FirstOrDefault();
    }

    /// <summary>Lower case, accents removed, spaces and punctuation removed.</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        var sb = new System.Text.StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (char.IsLetterOrDigit(ch) && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }
}
