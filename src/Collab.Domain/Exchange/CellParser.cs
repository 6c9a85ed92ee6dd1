using System.Globalization;
using System.Text.RegularExpressions;
using Collab.Contracts.Sites;

namespace Collab.Domain.Exchange;

/// <summary>
/// Turns a cell into a typed value. Numbers are accepted as written in either culture when unambiguous:
/// <c>1 234,5</c>, <c>1234,5</c>, <c>1234.5</c>, <c>1,234.5</c>, <c>1.234,5</c>; a lone separator followed by exactly
/// three digits (<c>1.234</c> in a French file, <c>1,234</c> in an English one) is refused as ambiguous.
/// Dates: cell dates, <c>dd/MM/yyyy</c> (also d/M/yyyy), ISO <c>yyyy-MM-dd</c>, and Excel serial numbers.
/// </summary>
public static partial class CellParser
{
    public readonly record struct Result<T>(T Value, ImportProblemCode? Error, bool Empty)
    {
        public static Result<T> Ok(T value) => new(value, null, false);
        public static Result<T> Blank() => new(default!, null, true);
        public static Result<T> Fail(ImportProblemCode code) => new(default!, code, false);
    }

    public static bool IsBlank(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString(dt.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    public static Result<double> Number(object? cell, bool english)
    {
        switch (cell)
        {
            case null:
                return Result<double>.Blank();
            case double d:
                return double.IsFinite(d) ? Result<double>.Ok(d) : Result<double>.Fail(ImportProblemCode.NotANumber);
            case int i:
                return Result<double>.Ok(i);
            case long l:
                return Result<double>.Ok(l);
            case decimal m:
                return Result<double>.Ok((double)m);
            case bool or DateTime:
                return Result<double>.Fail(ImportProblemCode.NotANumber);
        }

        var text = Text(cell);
        return text is null ? Result<double>.Blank() : ParseNumber(text, english);
    }

    public static Result<double> ParseNumber(string text, bool english)
    {
        var s = text.Trim();
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            negative = s[0] == '-';
            s = s[1..].TrimStart();
        }

        if (s.Length == 0)
        {
            return Result<double>.Fail(ImportProblemCode.NotANumber);
        }

        // Spaces (normal, no-break, narrow no-break) and apostrophes can only be thousands separators.
        if (s.IndexOfAny([' ', '\u00A0', '\u202F', '\'']) >= 0)
        {
            if (!SpaceGrouped().IsMatch(s))
            {
                return Result<double>.Fail(ImportProblemCode.NotANumber);
            }

            s = s.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\u00A0", string.Empty, StringComparison.Ordinal)
                .Replace("\u202F", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal);
            return Finish(s.Replace(',', '.'), negative);
        }

        var commas = s.Count(c => c == ',');
        var dots = s.Count(c => c == '.');
        if (commas > 0 && dots > 0)
        {
            // The last one is the decimal separator, the other groups thousands.
            var decimalSep = s.LastIndexOf(',') > s.LastIndexOf('.') ? ',' : '.';
            var group = decimalSep == ',' ? '.' : ',';
            if (s.Count(c => c == decimalSep) != 1 || !Grouped(s[..s.IndexOf(decimalSep)], group))
            {
                return Result<double>.Fail(ImportProblemCode.NotANumber);
            }

            return Finish(s.Replace(group.ToString(), string.Empty, StringComparison.Ordinal).Replace(decimalSep, '.'), negative);
        }

        var separator = commas > 0 ? ',' : dots > 0 ? '.' : '\0';
        var count = Math.Max(commas, dots);
        if (count == 0)
        {
            return Finish(s, negative);
        }

        if (count > 1)
        {
            // 1.234.567 or 1,234,567: thousands only.
            return Grouped(s, separator) ? Finish(s.Replace(separator.ToString(), string.Empty, StringComparison.Ordinal), negative) : Result<double>.Fail(ImportProblemCode.NotANumber);
        }

        // One separator. It is the decimal one of the file's culture, or a decimal one when it cannot group thousands.
        var cultureDecimal = english ? '.' : ',';
        var index = s.IndexOf(separator);
        var integerPart = s[..index];
        var fraction = s[(index + 1)..];
        if (separator != cultureDecimal && fraction.Length == 3 && integerPart.Length is >= 1 and <= 3 && integerPart != "0" && integerPart.All(char.IsAsciiDigit) && fraction.All(char.IsAsciiDigit))
        {
            return Result<double>.Fail(ImportProblemCode.AmbiguousNumber);
        }

        return Finish(s.Replace(',', '.'), negative);
    }

    private static bool Grouped(string integerPart, char group)
    {
        var parts = integerPart.Split(group);
        return parts[0].Length is >= 1 and <= 3 && parts.Skip(1).All(p => p.Length == 3) && parts.All(p => p.All(char.IsAsciiDigit));
    }

    private static Result<double> Finish(string s, bool negative)
    {
        if (s.Length == 0 || s.Any(c => !char.IsAsciiDigit(c) && c != '.') || s.Count(c => c == '.') > 1 || s == ".")
        {
            return Result<double>.Fail(ImportProblemCode.NotANumber);
        }

        var value = double.Parse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return Result<double>.Ok(negative ? -value : value);
    }

    public static Result<int> Integer(object? cell, bool english)
    {
        var n = Number(cell, english);
        if (n.Empty || n.Error is not null)
        {
            return n.Empty ? Result<int>.Blank() : Result<int>.Fail(n.Error!.Value);
        }

        return Math.Abs(n.Value - Math.Round(n.Value)) < 1e-9 && Math.Abs(n.Value) < int.MaxValue
            ? Result<int>.Ok((int)Math.Round(n.Value))
            : Result<int>.Fail(ImportProblemCode.NotAnInteger);
    }

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "dd.MM.yyyy"];

    public static Result<DateOnly> Date(object? cell)
    {
        switch (cell)
        {
            case null:
                return Result<DateOnly>.Blank();
            case DateTime dt:
                return Result<DateOnly>.Ok(DateOnly.FromDateTime(dt));
            case DateOnly d:
                return Result<DateOnly>.Ok(d);
            case double serial when serial is >= 1 and < 2958466:
                return Result<DateOnly>.Ok(DateOnly.FromDateTime(DateTime.FromOADate(serial)));
        }

        var text = Text(cell);
        if (text is null)
        {
            return Result<DateOnly>.Blank();
        }

        return DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? Result<DateOnly>.Ok(DateOnly.FromDateTime(parsed))
            : Result<DateOnly>.Fail(ImportProblemCode.NotADate);
    }

    public static Result<bool> Boolean(object? cell)
    {
        if (cell is bool b)
        {
            return Result<bool>.Ok(b);
        }

        if (cell is double d && (d == 0 || d == 1))
        {
            return Result<bool>.Ok(d == 1);
        }

        var text = Text(cell);
        if (text is null)
        {
            return Result<bool>.Blank();
        }

        return ExchangeSchema.Normalize(text) switch
        {
            "oui" or "o" or "yes" or "y" or "vrai" or "true" or "1" or "x" => Result<bool>.Ok(true),
            "non" or "n" or "no" or "faux" or "false" or "0" => Result<bool>.Ok(false),
            _ => Result<bool>.Fail(ImportProblemCode.NotABoolean),
        };
    }

    public static Result<ItemSource> Source(object? cell)
    {
        var text = Text(cell);
        if (text is null)
        {
            return Result<ItemSource>.Blank();
        }

        return ExchangeSchema.Normalize(text) switch
        {
            "fabrique" or "f" or "make" or "m" or "made" or "fab" => Result<ItemSource>.Ok(ItemSource.Make),
            "achete" or "a" or "buy" or "b" or "bought" or "purchased" or "ach" => Result<ItemSource>.Ok(ItemSource.Buy),
            _ => Result<ItemSource>.Fail(ImportProblemCode.UnknownValue),
        };
    }

    public static Result<LotRule> Lot(object? cell)
    {
        var text = Text(cell);
        if (text is null)
        {
            return Result<LotRule>.Blank();
        }

        return ExchangeSchema.Normalize(text) switch
        {
            "lotpourlot" or "lotforlot" or "l4l" or "lfl" or "lpl" => Result<LotRule>.Ok(LotRule.LotForLot),
            "quantitefixe" or "fixedquantity" or "fixedqty" or "qf" or "foq" => Result<LotRule>.Ok(LotRule.FixedQuantity),
            "periodefixe" or "periodesfixes" or "fixedperiods" or "fixedperiod" or "pf" or "poq" => Result<LotRule>.Ok(LotRule.FixedPeriods),
            _ => Result<LotRule>.Fail(ImportProblemCode.UnknownValue),
        };
    }

    /// <summary>Text written in a French file for <paramref name="source"/> (template and export use it).</summary>
    public static string SourceText(ItemSource source, bool english) => (source, english) switch
    {
        (ItemSource.Make, false) => "Fabriqué",
        (ItemSource.Buy, false) => "Acheté",
        (ItemSource.Make, true) => "Make",
        _ => "Buy",
    };

    public static string LotRuleText(LotRule rule, bool english) => (rule, english) switch
    {
        (LotRule.LotForLot, false) => "Lot pour lot",
        (LotRule.FixedQuantity, false) => "Quantité fixe",
        (LotRule.FixedPeriods, false) => "Périodes fixes",
        (LotRule.LotForLot, true) => "Lot for lot",
        (LotRule.FixedQuantity, true) => "Fixed quantity",
        _ => "Fixed periods",
    };

    [GeneratedRegex(@"^\d{1,3}([ \u00A0\u202F']\d{3})+([.,]\d+)?$")]
    private static partial Regex SpaceGrouped();
}
