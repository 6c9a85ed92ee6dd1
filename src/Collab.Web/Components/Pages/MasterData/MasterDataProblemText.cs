using Collab.Domain.MasterData;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.MasterData;

/// <summary>
/// The one place where a <see cref="MasterDataProblem"/> becomes French or English text (pages, import report,
/// API problem details): "Article A01 — délai (jours) ne peut pas être négatif.".
/// </summary>
public sealed class MasterDataProblemText(IStringLocalizer<MasterDataResource> text)
{
    /// <summary>"Article" / "Item"…</summary>
    public string Kind(MasterDataKind kind) => text[$"Kind.{kind}"];

    /// <summary>The field's label ("délai (jours)"), or the property name when it has none.</summary>
    public string Field(string field)
    {
        var label = text[$"Field.{field}"];
        return label.ResourceNotFound ? field : label.Value;
    }

    /// <summary>What is wrong, without the row: "ne peut pas être négatif.".</summary>
    public string Problem(MasterDataProblem problem)
    {
        var args = problem.Code == MasterDataProblemCode.StillUsed
            ? [string.Join(", ", problem.Args.Select(Use))]
            : problem.Args.Cast<object>().ToArray();
        return text[$"Problem.{problem.Code}", Pad(args, 2)];
    }

    /// <summary>The whole sentence: kind, key, field, problem.</summary>
    public string Describe(MasterDataProblem problem) =>
        text["Problem.Line", Kind(problem.Kind), problem.Key, Capitalise(Field(problem.Field)), Problem(problem)];

    public IReadOnlyList<string> Describe(IEnumerable<MasterDataProblem> problems) => problems.Select(Describe).ToList();

    /// <summary>"BOM:PARENT" → "la nomenclature de PARENT"…</summary>
    public string Use(string use)
    {
        var colon = use.IndexOf(':', StringComparison.Ordinal);
        var (kind, arg) = colon < 0 ? (use, "") : (use[..colon], use[(colon + 1)..]);
        var label = text[$"Use.{kind}", arg];
        return label.ResourceNotFound ? use : label.Value;
    }

    private static object[] Pad(object[] args, int count) =>
        args.Length >= count ? args : [.. args, .. Enumerable.Repeat<object>("", count - args.Length)];

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpper(s[0], System.Globalization.CultureInfo.CurrentCulture) + s[1..];
}
