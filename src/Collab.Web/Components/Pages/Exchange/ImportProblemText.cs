using System.Globalization;
using Collab.Domain.Exchange;
using Collab.Web.Components.Pages.MasterData;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Exchange;

/// <summary>French/English wording of import problems (page, downloadable CSV, API problem details, CLI).</summary>
public sealed class ImportProblemText(IStringLocalizer<ExchangeResource> text, MasterDataProblemText rules)
{
    /// <summary>The column's header in the user's language (the file's own header is what the user sees in Excel, both are accepted).</summary>
    public string Column(ImportProblem p)
    {
        if (p.Column is null)
        {
            return string.Empty;
        }

        if (p.Sheet is { } sheet && ExchangeSchema.Definition(sheet).Columns.FirstOrDefault(c => c.Key == p.Column) is { } column)
        {
            return CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? column.English : column.French;
        }

        return p.Column;
    }

    public string Source(ImportProblem p) => p.Source.Length > 0 ? p.Source : text["Problem.CurrentData"];

    public string Reason(ImportProblem p)
    {
        if (p.Code == ImportProblemCode.Rule)
        {
            var reason = p.Validation is { } v ? rules.Problem(v) : text[$"Rule.{p.Rule}", [.. p.Args]].Value;
            return p.Key is { Length: > 0 } key ? $"{key} — {reason}" : reason;
        }

        var args = p.Args.Cast<object>().Concat(Enumerable.Repeat<object>(string.Empty, 2)).ToArray();
        return text[$"Problem.{p.Code}", args];
    }

    /// <summary>"Articles, ligne 4, colonne Délai (jours) : …".</summary>
    public string Describe(ImportProblem p)
    {
        var where = p.Line > 0 ? text["Problem.At", Source(p), p.Line].Value : Source(p);
        if (p.Column is not null)
        {
            where += text["Problem.InColumn", Column(p)].Value;
        }

        return $"{where} : {Reason(p)}";
    }

    /// <summary>The error list as a CSV file (same columns as the page).</summary>
    public byte[] Csv(IReadOnlyList<ImportProblem> problems, bool english)
    {
        var table = new ExportTable(text["Errors.Title"], [new(text["Errors.Source"], ExportType.Text), new(text["Errors.Line"], ExportType.Integer),
            new(text["Errors.Column"], ExportType.Text), new(text["Errors.Reason"], ExportType.Text), new(text["Errors.Severity"], ExportType.Text)],
            problems.Select(p => (IReadOnlyList<object?>)[Source(p), p.Line, Column(p), Reason(p), p.Warning ? text["Errors.Warning"].Value : text["Errors.Error"].Value]).ToList());
        using var stream = new MemoryStream();
        Collab.Infrastructure.Exchange.ExchangeFileWriter.WriteCsv(stream, table, english);
        return stream.ToArray();
    }
}
