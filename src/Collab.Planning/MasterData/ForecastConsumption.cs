namespace Collab.Planning.MasterData;

/// <summary>Forecast per period after consumption by firm orders.</summary>
public sealed record ConsumedForecast(double[] Forecast, double[] Consumed, double[] Remaining, double OverConsumption);

/// <summary>
/// Forecast consumption (consommation des prévisions): each firm order, in period order,
/// consumes the forecast of its own period, then of earlier periods (up to
/// <c>backward</c> periods back, nearest first), then of later periods (up to <c>forward</c>
/// periods ahead, nearest first). What no forecast covers is over-consumption (demand above
/// forecast). The remaining forecast is what is still expected on top of the firm orders.
/// </summary>
public static class ForecastConsumption
{
    public static ConsumedForecast Consume(IReadOnlyList<double> forecast, IEnumerable<(int Period, double Qty)> firmOrders, int backward, int forward)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backward);
        ArgumentOutOfRangeException.ThrowIfNegative(forward);
        var n = forecast.Count;
        var remaining = forecast.ToArray();
        var consumed = new double[n];
        var over = 0.0;
        foreach (var (period, qty) in firmOrders.OrderBy(o => o.Period))
        {
            var left = qty;
            var p = period - 1;
            if (p < 0 || p >= n)
            {
                over += left;
                continue;
            }

            left = Take(p, left);
            for (var k = 1; k <= backward && left > 0 && p - k >= 0; k++)
            {
                left = Take(p - k, left);
            }

            for (var k = 1; k <= forward && left > 0 && p + k < n; k++)
            {
                left = Take(p + k, left);
            }

            over += left;
        }

        return new ConsumedForecast([.. forecast], consumed, remaining, over);

        double Take(int t, double need)
        {
            var take = Math.Min(need, remaining[t]);
            if (take <= 0)
            {
                return need;
            }

            remaining[t] -= take;
            consumed[t] += take;
            return need - take;
        }
    }
}
