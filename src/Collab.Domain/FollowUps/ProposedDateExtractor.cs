using System.Globalization;
using System.Text.RegularExpressions;

namespace Collab.Domain.FollowUps;

/// <summary>
/// Finds the delivery date a supplier proposes in a reply (pure). Reads the text before the quoted part
/// (lines starting with "&gt;" and everything after "Le … a écrit :" / "On … wrote:" are ignored) and takes
/// the first date written dd/MM/yyyy, dd.MM.yyyy, dd-MM-yyyy, yyyy-MM-dd, "12 mars 2026" or "12 March 2026".
/// </summary>
public static partial class ProposedDateExtractor
{
    private static readonly string[] FrenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    private static readonly string[] EnglishMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public static DateOnly? Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var own = new List<string>();
        foreach (var raw in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('>'))
            {
                continue;
            }

            if (QuoteHeader().IsMatch(line) || line.StartsWith("-----Original", StringComparison.OrdinalIgnoreCase) || line.StartsWith("De :", StringComparison.Ordinal))
            {
                break;
            }

            own.Add(line);
        }

        var body = string.Join('\n', own);
        DateOnly? best = null;
        var bestIndex = int.MaxValue;
        foreach (Match m in Numeric().Matches(body))
        {
            DateOnly? d = m.Groups["y1"].Success
                ? Make(m.Groups["y1"].Value, m.Groups["m1"].Value, m.Groups["d1"].Value)
                : Make(m.Groups["y2"].Value, m.Groups["m2"].Value, m.Groups["d2"].Value);
            if (d is not null && m.Index < bestIndex)
            {
                (best, bestIndex) = (d, m.Index);
            }
        }

        foreach (Match m in Written().Matches(body))
        {
            var month = m.Groups["mon"].Value.ToLowerInvariant();
            var n = Array.IndexOf(FrenchMonths, month);
            if (n < 0)
            {
                n = Array.IndexOf(EnglishMonths, month);
            }

            if (n < 0 && month == "fevrier")
            {
                n = 1;
            }

            if (n < 0 && month == "aout")
            {
                n = 7;
            }

            var d = n < 0 ? null : Make(m.Groups["y"].Value, (n + 1).ToString(CultureInfo.InvariantCulture), m.Groups["d"].Value);
            if (d is not null && m.Index < bestIndex)
            {
                (best, bestIndex) = (d, m.Index);
            }
        }

        return best;
    }

    private static DateOnly? Make(string y, string m, string d)
    {
        if (!int.TryParse(y, CultureInfo.InvariantCulture, out var year) || !int.TryParse(m, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(d, CultureInfo.InvariantCulture, out var day))
        {
            return null;
        }

        if (year < 100)
        {
            year += 2000;
        }

        if (year is < 2000 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateOnly(year, month, day);
    }

    [GeneratedRegex(@"(?<![\d/.-])(?:(?<y1>\d{4})-(?<m1>\d{1,2})-(?<d1>\d{1,2})|(?<d2>\d{1,2})[/.-](?<m2>\d{1,2})[/.-](?<y2>\d{4}|\d{2}))(?![\d/.-]*\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Numeric();

    [GeneratedRegex(@"(?<![\d])(?<d>\d{1,2})(?:er|st|nd|rd|th)?\s+(?<mon>[a-zA-Zéèûô]+)\s+(?<y>\d{4})", RegexOptions.CultureInvariant)]
    private static partial Regex Written();

    [GeneratedRegex(@"^(Le .+ a écrit ?:|On .+ wrote:)$", RegexOptions.CultureInvariant)]
    private static partial Regex QuoteHeader();
}
