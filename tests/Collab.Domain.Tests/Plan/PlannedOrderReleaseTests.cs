using Collab.Contracts;
using Collab.Domain.Plan;

namespace Collab.Domain.Tests.Plan;

public class PlannedOrderReleaseTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Fact]
    public void The_plans_own_quantity_and_date_are_accepted() => Assert.Empty(PlannedOrderRelease.Validate(21, Today.AddDays(7), Today, "pc"));

    [Theory]
    [InlineData(20.2, "pc", Refusal.QuantityNotWhole)]
    [InlineData(0, "pc", Refusal.QuantityNotPositive)]
    [InlineData(-3, "kg", Refusal.QuantityNotPositive)]
    [InlineData(double.NaN, "kg", Refusal.QuantityNotPositive)]
    [InlineData(2e9, "pc", Refusal.QuantityTooLarge)]
    public void Bad_quantities_are_refused(double qty, string unit, Refusal refusal) =>
        Assert.Contains(PlannedOrderRelease.Validate(qty, Today, Today, unit), e => e.Kind == refusal);

    [Fact]
    public void A_continuous_item_may_be_released_with_decimals() => Assert.Empty(PlannedOrderRelease.Validate(20.2, Today, Today, "kg"));

    [Fact]
    public void Dates_in_the_past_or_years_ahead_are_refused()
    {
        var past = Assert.Single(PlannedOrderRelease.Validate(5, Today.AddDays(-1), Today, "pc"));
        Assert.Equal(Refusal.NeedDatePast, past.Kind);
        Assert.Equal(Today.AddDays(-1), past.Args[0].Date);
        Assert.Equal(Refusal.NeedDateTooFar, Assert.Single(PlannedOrderRelease.Validate(5, Today.AddYears(3), Today, "pc")).Kind);
    }
}
