using System.Globalization;
using Collab.Contracts;
using Collab.Domain.MasterData;
using Collab.Web.Components.Pages.MasterData;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Shared;

/// <summary>
/// The one place that words a refused command (<see cref="CommandRejectedException"/>) in the reader's language
/// (current UI culture): each <see cref="RefusalReason"/> through RefusalsResource, its arguments formatted by their
/// kind (numbers, days, instants, terms). A master-data refusal is worded by its typed problems instead.
/// Pages show <see cref="Words"/>, notifications and API problems <see cref="Sentence"/>.
/// </summary>
public sealed class RefusalText(IStringLocalizer<RefusalsResource> text, IStringLocalizer<ProjectsResource> projects, MasterDataProblemText masterData)
{
    /// <summary>One line per reason.</summary>
    public IReadOnlyList<string> Words(CommandRejectedException e) => e is MasterDataRejectedException m && m.Problems.Length > 0
        ? masterData.Describe(m.Problems)
        : [.. e.Reasons.Select(Word)];

    /// <summary>Every reason in one text (notifications, API problem details).</summary>
    public string Sentence(CommandRejectedException e) => string.Join(" ", Words(e));

    /// <summary>One reason.</summary>
    public string Word(RefusalReason reason) => Word(text, projects, reason);

    /// <summary>One reason, with the localizers given (tests, components without DI).</summary>
    public static string Word(IStringLocalizer<RefusalsResource> text, IStringLocalizer<ProjectsResource> projects, RefusalReason reason)
    {
        var format = text[$"Refusal.{reason.Kind}"];
        if (format.ResourceNotFound)
        {
            return reason.ToString();
        }

        var args = reason.Args.Select(a => (object)Arg(text, projects, a)).ToArray();
        try
        {
            return string.Format(CultureInfo.CurrentCulture, format.Value, args);
        }
        catch (FormatException)
        {
            return reason.ToString();
        }
    }

    /// <summary>An argument in the reader's culture.</summary>
    public static string Arg(IStringLocalizer<RefusalsResource> text, IStringLocalizer<ProjectsResource> projects, RefusalArg arg)
    {
        var culture = CultureInfo.CurrentCulture;
        switch (arg.Kind)
        {
            case RefusalArgKind.Number:
                return arg.Number.ToString("0.##", culture);
            case RefusalArgKind.Date:
                return arg.Date?.ToString("d", culture) ?? "—";
            case RefusalArgKind.Moment:
                return arg.Moment is { } m && m != DateTimeOffset.MinValue ? m.ToLocalTime().ToString("g", culture) : "—";
            case RefusalArgKind.WallTime:
                return arg.WallTime?.ToString("g", culture) ?? "—";
            case RefusalArgKind.Term:
                var key = arg.Text ?? "";
                var term = key.StartsWith("Phase.", StringComparison.Ordinal) ? projects[$"PJ.{key}"] : text[$"Term.{key}"];
                return term.ResourceNotFound ? key : term.Value;
            default:
                return arg.Text ?? "";
        }
    }
}
