using Collab.Domain.Exchange;

namespace Collab.Domain.Tests.Exchange;

public sealed class CellParserTests
{
    [Theory]
    [InlineData("1 234,5", false, 1234.5)]
    [InlineData("1 234,5", true, 1234.5)]
    [InlineData("1\u00A0234,5", false, 1234.5)]
    [InlineData("1234.5", false, 1234.5)]
    [InlineData("1234.5", true, 1234.5)]
    [InlineData("1234,5", false, 1234.5)]
    [InlineData("2,5", true, 2.5)]
    [InlineData("1,234.5", true, 1234.5)]
    [InlineData("1.234,5", false, 1234.5)]
    [InlineData("1.234.567", false, 1234567)]
    [InlineData("0.250", false, 0.25)]
    [InlineData("1,234", false, 1.234)]
    [InlineData("1.234", true, 1.234)]
    [InlineData("-3", false, -3)]
    [InlineData("12", false, 12)]
    public void Numbers_are_read_in_either_culture_when_unambiguous(string text, bool english, double expected)
    {
        var r = CellParser.ParseNumber(text, english);
        Assert.Null(r.Error);
        Assert.Equal(expected, r.Value, 9);
    }

    [Theory]
    [InlineData("1.234", false, ImportProblemCode.AmbiguousNumber)]
    [InlineData("1,234", true, ImportProblemCode.AmbiguousNumber)]
    [InlineData("abc", false, ImportProblemCode.NotANumber)]
    [InlineData("1 23,5", false, ImportProblemCode.NotANumber)]
    [InlineData("1,2,3", false, ImportProblemCode.NotANumber)]
    [InlineData("12a", false, ImportProblemCode.NotANumber)]
    public void Wrong_or_ambiguous_numbers_are_refused(string text, bool english, ImportProblemCode code) =>
        Assert.Equal(code, CellParser.ParseNumber(text, english).Error);

    [Theory]
    [InlineData("04/01/2027")]
    [InlineData("2027-01-04")]
    [InlineData("4/1/2027")]
    public void Dates_in_french_and_iso_form(string text) =>
        Assert.Equal(new DateOnly(2027, 1, 4), CellParser.Date(text).Value);

    [Fact]
    public void Cell_dates_and_serial_numbers_are_dates()
    {
        Assert.Equal(new DateOnly(2027, 1, 4), CellParser.Date(new DateTime(2027, 1, 4)).Value);
        Assert.Equal(new DateOnly(2027, 1, 4), CellParser.Date(new DateTime(2027, 1, 4).ToOADate()).Value);
        Assert.Equal(ImportProblemCode.NotADate, CellParser.Date("2027-13-40").Error);
        Assert.Equal(ImportProblemCode.NotAnInteger, CellParser.Integer(2.5, false).Error);
    }
}
