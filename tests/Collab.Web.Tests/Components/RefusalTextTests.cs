using System.Text.RegularExpressions;
using System.Xml.Linq;
using Collab.Contracts;
using Collab.Contracts.Projects;
using Collab.Domain.MasterData;
using Collab.Web.Components.Pages.MasterData;
using Collab.Web.Components.Shared;
using Collab.Web.Resources;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Tests.Components;

/// <summary>
/// Issue #13 item 3: refusals are typed (<see cref="Refusal"/>) and worded only at the edge by <see cref="RefusalText"/>
/// with RefusalsResource. In English no kind is missing or French; in French they read as before.
/// </summary>
public sealed class RefusalTextTests
{
    /// <summary>Words only French uses (whole words, case-insensitive), taken from the refusals' French sentences.</summary>
    private static readonly Regex French = new(
        @"\b(n'existe|existe|déjà|être|seule?s?|ordre|réunion|obligatoire|doit|doivent|est|sont|une?|pas|cette|cet|aucune?|inconnue?|dépasse|caractères|projet|commande|le|la|les|des|du|aux|et|ou|avant|après|ne|peut|choisissez|indiquez|ajoutez|quantité|poste|fournisseur|série|écran|utilisateur|animateur|adresse|remplir|donnée?s)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Accented = new("[àâçéèêëîïôûùüÿœ«»]");

    private static readonly string Dir = Path.Combine(SourceTree.Root, "src", "Collab.Web", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Dir, file)).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static int Placeholders(string format) =>
        Regex.Matches(format, @"(?<!\{)\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();

    /// <summary>A reason of every kind, with as many (neutral) arguments as its wording takes.</summary>
    private static IEnumerable<RefusalReason> EveryKind()
    {
        var fr = Read("RefusalsResource.resx");
        return Enum.GetValues<Refusal>().Select(k => new RefusalReason(k,
            [.. Enumerable.Range(0, Placeholders(fr[$"Refusal.{k}"])).Select(i => (RefusalArg)$"X{i}")]));
    }

    private static ComponentTestContext Context(string culture)
    {
        var ctx = new ComponentTestContext(culture);
        ctx.Services.AddScoped<MasterDataProblemText>();
        ctx.Services.AddScoped<RefusalText>();
        return ctx;
    }

    [Fact]
    public void Every_refusal_kind_and_term_is_worded_in_english_without_french()
    {
        using var ctx = Context("en-GB");
        var words = ctx.Services.GetRequiredService<RefusalText>();
        var text = ctx.Services.GetRequiredService<IStringLocalizer<RefusalsResource>>();
        var projects = ctx.Services.GetRequiredService<IStringLocalizer<ProjectsResource>>();

        var worded = EveryKind().Select(r => (Reason: r, Text: words.Word(r))).ToList();
        Assert.Equal(Enum.GetValues<Refusal>().Length, worded.Count);
        foreach (var (reason, sentence) in worded)
        {
            Assert.False(text[$"Refusal.{reason.Kind}"].ResourceNotFound, $"no wording for {reason.Kind}");
            Assert.False(string.IsNullOrWhiteSpace(sentence), reason.Kind.ToString());
            Assert.NotEqual(reason.ToString(), sentence);
            Assert.DoesNotMatch(@"\{\d+\}", sentence);
            Assert.False(French.IsMatch(sentence), $"French word « {French.Match(sentence).Value} » in the English wording of {reason.Kind}: {sentence}");
            Assert.False(Accented.IsMatch(sentence), $"{reason.Kind}: {sentence}");
        }

        foreach (var term in Enum.GetValues<RefusalTerm>())
        {
            var t = RefusalText.Arg(text, projects, term);
            Assert.False(text[$"Term.{term}"].ResourceNotFound, $"no wording for the term {term}");
            Assert.False(French.IsMatch(t) || Accented.IsMatch(t), $"{term}: {t}");
        }

        Assert.Equal("Define", RefusalText.Arg(text, projects, RefusalArg.Phase(ProjectMethod.Dmaic, 0)));
    }

    [Fact]
    public void Arguments_are_formatted_in_the_readers_language()
    {
        var closed = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
        var reasons = new RefusalReason[]
        {
            new(Refusal.Required, RefusalTerm.ActionTitle),
            new(Refusal.NeedDatePast, new DateOnly(2026, 12, 1)),
            new(Refusal.ReceiveMoreThanOpen, 12.5),
            new(Refusal.GainsConfirmedFromPhase, RefusalArg.Phase(ProjectMethod.Pdca, 2)),
            new(Refusal.NumberPatternWithoutCounter, "OF-{yyyy}"),
        };
        using (var en = Context("en-GB"))
        {
            var words = en.Services.GetRequiredService<RefusalText>();
            Assert.Equal(
            [
                "The action's title is required.",
                "The need date (01/12/2026) is past: choose today or later.",
                "You cannot receive more than the quantity still to receive (12.5).",
                "Gains are confirmed from the “Check” phase on.",
                "The numbering pattern “OF-{yyyy}” must contain a counter {n} or {n:00000}.",
            ], reasons.Select(words.Word));
            Assert.Contains(closed.ToLocalTime().ToString("g", new System.Globalization.CultureInfo("en-GB")),
                words.Word(new RefusalReason(Refusal.MeetingClosed, closed, "animateur")), StringComparison.Ordinal);
        }

        using var fr = Context("fr-FR");
        var french = fr.Services.GetRequiredService<RefusalText>();
        Assert.Equal(
        [
            "Le titre de l'action est obligatoire.",
            "La date de besoin (01/12/2026) est passée : choisissez aujourd'hui ou plus tard.",
            "On ne peut pas recevoir plus que le reste à recevoir (12,5).",
            "Les gains se confirment à partir de la phase « Check ».",
            "Le modèle de numérotation « OF-{yyyy} » doit contenir un compteur {n} ou {n:00000}.",
        ], reasons.Select(french.Word));
        Assert.Equal("Seule une action faite peut être vérifiée. Cette action n'existe pas (ou plus).",
            french.Sentence(new CommandRejectedException([new(Refusal.ActionNotDone), new(Refusal.ActionNotFound)])));
    }

    [Fact]
    public void A_master_data_refusal_is_worded_by_its_typed_problems()
    {
        using var en = Context("en-GB");
        var words = en.Services.GetRequiredService<RefusalText>();
        var problem = new MasterDataProblem(MasterDataKind.Item, 0, "A01", "LeadTimeDays", MasterDataProblemCode.Negative, []);
        var sentence = Assert.Single(words.Words(new MasterDataRejectedException([problem])));
        Assert.Equal(en.Services.GetRequiredService<MasterDataProblemText>().Describe(problem), sentence);
        Assert.DoesNotContain("InvalidMasterData", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_resources_have_the_same_keys_and_placeholders_in_french_and_english_and_cover_every_kind()
    {
        var fr = Read("RefusalsResource.resx");
        var en = Read("RefusalsResource.en.resx");
        Assert.Equal(fr.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        var expected = Enum.GetNames<Refusal>().Select(k => $"Refusal.{k}").Concat(Enum.GetNames<RefusalTerm>().Select(t => $"Term.{t}"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), fr.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in fr)
        {
            Assert.False(string.IsNullOrWhiteSpace(value), key);
            Assert.False(string.IsNullOrWhiteSpace(en[key]), key);
            Assert.Equal(Placeholders(value), Placeholders(en[key]));
        }
    }

    [Fact]
    public void A_refused_mail_is_worded_in_the_readers_language_with_the_address_and_its_problem()
    {
        var mail = new Collab.Infrastructure.Mail.OutgoingMail
        {
            To = [new("fournisseur@exemple", "Nom\r\nBcc: x@y.fr")],
            Subject = "",
            TextBody = "x",
            Attachments = [new("oa.pdf", "application/pdf", new byte[300_000])],
        };
        var problems = Collab.Infrastructure.Mail.MailValidator.Validate(mail, 200_000).Select(e => e.Reason).ToList();
        Assert.Equal([Refusal.MailAddressRefused, Refusal.MailNameControlCharacter, Refusal.MailSubjectEmpty, Refusal.MailAttachmentsTooLarge], problems.Select(p => p.Kind));

        using (var en = Context("en-GB"))
        {
            var words = en.Services.GetRequiredService<RefusalText>();
            Assert.Equal(
            [
                "Recipient “fournisseur@exemple” refused: incomplete domain (e.g. company.com).",
                "Recipient: the name “Nom\\u000d\\u000aBcc: x@y.fr” contains a line break or a control character, which is not allowed.",
                "The subject is empty.",
                "Attachments too large: 0.29 MB for at most 0.2 MB.",
            ], problems.Select(words.Word));
        }

        using var fr = Context("fr-FR");
        var french = fr.Services.GetRequiredService<RefusalText>();
        Assert.Equal("Destinataire « fournisseur@exemple » refusé : domaine incomplet (ex. : entreprise.fr).", french.Word(problems[0]));
        Assert.Equal("Pièces jointes trop volumineuses : 0,29 Mo pour un maximum de 0,2 Mo.", french.Word(problems[3]));
        var unreachable = new Collab.Infrastructure.Mail.MailDeliveryException(new(Refusal.MailUnreachable, "127.0.0.1:2525", "Connection refused"));
        Assert.Equal("Le serveur de messagerie 127.0.0.1:2525 est injoignable ou a coupé la connexion : Connection refused",
            french.Word(Assert.Single(Collab.Infrastructure.Mail.MailFailure.Reasons(unreachable))));

        // An automatic reminder's failure is stored typed in the mailbox's state (JSON) and read back worded; one stored
        // before (French text only) still loads with its text.
        var json = Collab.Infrastructure.Serialization.CollabSerialization.StateJson;
        var failed = new Collab.Contracts.FollowUps.ReminderProposal("OA-1", "F-1", new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 3),
            Collab.Contracts.FollowUps.AutoReminderMode.Send, null, "MailUnreachable(…)", unreachable.Reason);
        var back = System.Text.Json.JsonSerializer.Deserialize<Collab.Contracts.FollowUps.ReminderProposal>(System.Text.Json.JsonSerializer.Serialize(failed, json), json)!;
        Assert.Equal(french.Word(unreachable.Reason), french.Word(back.Reason!));
        const string stored = """{"PurchaseOrder":"OA-1","Supplier":"F-1","ExpectedDate":"2026-12-07","Day":"2026-12-03","Mode":"Send","SentMessageId":null,"Error":"Le fournisseur n'a pas d'adresse électronique."}""";
        var old = System.Text.Json.JsonSerializer.Deserialize<Collab.Contracts.FollowUps.ReminderProposal>(stored, json)!;
        Assert.Null(old.Reason);
        Assert.Equal("Le fournisseur n'a pas d'adresse électronique.", old.Error);
    }
}
