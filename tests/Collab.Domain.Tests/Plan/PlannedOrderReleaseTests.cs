using Collab.Domain.Plan;

namespace Collab.Domain.Tests.Plan;

public class PlannedOrderReleaseTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Fact]
    public void The_plans_own_quantity_and_date_are_accepted() => Assert.Empty(PlannedOrderRelease.Validate(21, Today.AddDays(7), Today, "pc"));

    [Theory]
    [InlineData(20.2, "pc", "nombre entier")]
    [InlineData(0, "pc", "strictement positif")]
    [InlineData(-3, "kg", "strictement positif")]
    [InlineData(double.NaN, "kg", "strictement positif")]
    [InlineData(2e9, "pc", "trop grande")]
    public void Bad_quantities_are_refused_in_french(double qty, string unit, string message) =>
        Assert.Contains(PlannedOrderRelease.Validate(qty, Today, Today, unit), e => e.Contains(message, StringComparison.Ordinal));

    [Fact]
    public void A_continuous_item_may_be_released_with_decimals() => Assert.Empty(PlannedOrderRelease.Validate(20.2, Today, Today, "kg"));

    [Fact]
    public void Dates_in_the_past_or_years_ahead_are_refused()
    {
        Assert.Contains("passée", Assert.Single(PlannedOrderRelease.Validate(5, Today.AddDays(-1), Today, "pc")));
        Assert.Contains("deux ans", Assert.Single(PlannedOrderRelease.Validate(5, Today.AddYears(3), Today, "pc")));
    }
}
