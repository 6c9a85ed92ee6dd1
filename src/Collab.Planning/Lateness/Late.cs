namespace Collab.Planning.Lateness;

/// <summary>
/// THE definition of "late", one per kind of order (docs/late.md). Every page (dashboard, order lists, CBN, kiosk,
/// agenda, big screen), the what-if simulation and the finite schedule use these functions, so the same order is
/// late or on time everywhere. Pure: today is a parameter. A closed order (shipped, received, finished, cancelled)
/// is never late.
/// </summary>
public static class Late
{
    /// <summary>
    /// A customer order (line) is late when its promised date is before the date it can be made available: today at
    /// the earliest (an open order promised yesterday is late), or the plan's expected availability when the plan says
    /// the goods come later (MRP late demand: promised date + estimated delay).
    /// </summary>
    public static bool CustomerOrder(DateOnly promised, DateOnly? expectedAvailability, DateOnly today) =>
        promised < Max(today, expectedAvailability ?? today);

    /// <summary>
    /// A manufacturing order is late when its end — the finite schedule's end when it is scheduled, otherwise its
    /// planned end (its due date), and never before today — is after its <see cref="ManufacturingOrderNeed">need
    /// date</see>: the date its consumer or customer order needs it when the plan knows it, earlier (MRP "avancer") or
    /// later (MRP "reculer") than its own due date; its due date otherwise.
    /// </summary>
    public static bool ManufacturingOrder(DateOnly due, DateOnly? neededBy, DateOnly? scheduledEnd, DateOnly today) =>
        Max(today, scheduledEnd ?? due) > (neededBy ?? due);

    /// <summary>
    /// The date an MO's output is needed: the earliest promised date of the open customer orders pegged to it, else
    /// the date the plan needs it (its consumer's need, pushed to the MO by the plan run), else its own due date. The
    /// finite schedule uses it as the MO's due date (end of that day) and <see cref="ManufacturingOrder"/> as the
    /// date an MO is late after.
    /// </summary>
    public static DateOnly ManufacturingOrderNeed(DateOnly due, DateOnly? neededBy, IEnumerable<DateOnly> peggedCustomerPromises)
    {
        ArgumentNullException.ThrowIfNull(peggedCustomerPromises);
        DateOnly? earliest = null;
        foreach (var d in peggedCustomerPromises)
        {
            if (earliest is null || d < earliest) earliest = d;
        }

        return earliest ?? neededBy ?? due;
    }

    /// <summary>
    /// A customer order is late in the finite schedule by the same rule as <see cref="CustomerOrder"/>, its expected
    /// availability being the latest scheduled end of the MOs pegged to it (end of day: an MO finishing on the promised
    /// day serves it), or the plan's expected availability when no scheduled MO serves it.
    /// </summary>
    public static bool ScheduledCustomerOrder(DateOnly promised, DateTime? latestScheduledEnd, DateOnly? planAvailability, DateOnly today) =>
        CustomerOrder(promised, latestScheduledEnd is { } end ? DateOnly.FromDateTime(end.AddTicks(-1)) : planAvailability, today);

    /// <summary>
    /// A purchase order is late when its expected receipt — the supplier's confirmed date, else the requested date,
    /// and never before today — is after the date it is due: that date, or the date the plan needs it when earlier.
    /// </summary>
    public static bool PurchaseOrder(DateOnly expectedReceipt, DateOnly? neededBy, DateOnly today) =>
        Supply(expectedReceipt, neededBy, null, today);

    /// <summary>Projected service rate in percent: share of <paramref name="open"/> items that are not late (100 when none is open).</summary>
    public static double ServiceRatePercent(int open, int late) =>
        open <= 0 ? 100 : Math.Round(100.0 * Math.Max(0, open - late) / open, 1);

    private static bool Supply(DateOnly due, DateOnly? neededBy, DateOnly? end, DateOnly today) =>
        Max(today, end ?? due) > Min(due, neededBy ?? due);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
