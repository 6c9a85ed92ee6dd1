using Collab.Contracts.Common;
using Collab.Web.Components.Pages.Plan;
using Collab.Web.Resources;
using Collab.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Tests.Planner;

/// <summary>History values are formatted by the kind their field declares, not guessed from how the text looks.</summary>
public sealed class PlanTextValueTests
{
    [Fact]
    public void Every_history_field_declares_the_kind_of_its_values()
    {
        Assert.Equal(HistoryValueKind.Enumerated, HistoryField.Status.ValueKind());
        Assert.Equal(HistoryValueKind.Date, HistoryField.ConfirmedDate.ValueKind());
        Assert.Equal(HistoryValueKind.Number, HistoryField.ReceivedQuantity.ValueKind());
        Assert.Equal(HistoryValueKind.Text, HistoryField.Action.ValueKind());
        Assert.Equal(HistoryValueKind.Text, new FieldChange("Statut", "Ouverte", "Close").ValueKind()); // untyped, older entry
    }

    [Fact]
    public void Values_are_worded_by_their_field_kind_in_french()
    {
        using var ctx = new ComponentTestContext("fr-FR");
        var l = ctx.Services.GetRequiredService<IStringLocalizer<PlannerResource>>();

        Assert.Equal("Ouverte", PlanText.Value(l, FieldChange.Of(HistoryField.Status, null, "Open"), "Open"));
        // An action titled like a status word, or a supplier code that looks like a number, stays as typed.
        Assert.Equal("Open", PlanText.Value(l, FieldChange.Of(HistoryField.Action, null, "Open"), "Open"));
        Assert.Equal("2026", PlanText.Value(l, FieldChange.Of(HistoryField.Supplier, null, "2026"), "2026"));
        Assert.Equal("2026-12-01", PlanText.Value(l, FieldChange.Of(HistoryField.Message, null, "2026-12-01"), "2026-12-01"));
        Assert.Equal("01/12/2026", PlanText.Value(l, FieldChange.Of(HistoryField.ConfirmedDate, null, "2026-12-01"), "2026-12-01"));
        Assert.Equal("—", PlanText.Value(l, FieldChange.Of(HistoryField.ConfirmedDate, null, null), null));
    }
}
