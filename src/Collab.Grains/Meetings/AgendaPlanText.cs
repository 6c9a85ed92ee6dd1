using Collab.Contracts.Orders;
using Collab.Planning.Mrp;

namespace Collab.Grains.Meetings;

/// <summary>
/// Local stop-gap: the agenda's lines are still French text (the typed agenda replaces this); plan messages themselves
/// are typed (<see cref="PlanExceptionView"/>) and worded by the UI everywhere else.
/// </summary>
internal static class AgendaPlanText
{
    private static readonly System.Globalization.CultureInfo Fr = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    public static string French(PlanExceptionView e) => e.Type switch
    {
        MrpExceptionType.PastDueRelease => string.Format(Fr, "Lancement en retard : {0:0.##} {1} à recevoir semaine du {2:dd/MM} auraient dû être lancés.", e.Qty, e.Item, e.To),
        MrpExceptionType.RescheduleIn => string.Format(Fr, "Avancer {0} ({1:0.##} {2}) du {3:dd/MM} au {4:dd/MM}.", e.Order, e.Qty, e.Item, e.From, e.To),
        MrpExceptionType.RescheduleOut => string.Format(Fr, "Reculer {0} ({1:0.##} {2}) du {3:dd/MM} au {4:dd/MM}.", e.Order, e.Qty, e.Item, e.From, e.To),
        MrpExceptionType.Cancel => string.Format(Fr, "Annuler {0} ({1:0.##} {2}) : pas de besoin dans l'horizon.", e.Order, e.Qty, e.Item),
        _ => string.Format(Fr, "Demande {0} ({1:0.##} {2}) en retard d'environ {3} semaine(s).", e.Order, e.Qty, e.Item, e.DelayWeeks ?? 0),
    };

    public static string French(Collab.Contracts.Plan.PlanChange c) => c.Kind switch
    {
        Collab.Contracts.Plan.PlanChangeKind.NewLateDemand => string.Format(Fr, "Nouvelle demande en retard : {0} ({1}), {2} sem.", c.Subject, c.Item, c.DelayWeeks),
        Collab.Contracts.Plan.PlanChangeKind.ResolvedLateDemand => string.Format(Fr, "Retard résolu : {0} ({1}).", c.Subject, c.Item),
        Collab.Contracts.Plan.PlanChangeKind.ExceptionAppeared => string.Format(Fr, "Nouveau message : {0} {1} {2}", c.Exception, c.Item, c.Subject),
        Collab.Contracts.Plan.PlanChangeKind.ExceptionCleared => string.Format(Fr, "Message disparu : {0} {1} {2}", c.Exception, c.Item, c.Subject),
        Collab.Contracts.Plan.PlanChangeKind.NewOverload => string.Format(Fr, "Nouvelle surcharge : {0} semaine du {1:dd/MM} (+{2:0.#} h).", c.Subject, c.AfterDate, c.ExcessHours),
        Collab.Contracts.Plan.PlanChangeKind.ResolvedOverload => string.Format(Fr, "Surcharge résolue : {0} semaine du {1:dd/MM}.", c.Subject, c.BeforeDate),
        _ => string.Format(Fr, "Ordre planifié {0} : {1} {2:0.##} → {3:0.##}", c.Kind, c.Item, c.BeforeQty ?? 0, c.AfterQty ?? 0),
    };
}
