using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Collab.Contracts;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.Exchange;
using Collab.Infrastructure.Exchange;
using Collab.Web.Identity;
using Collab.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collab.Web.Components.Pages.Exchange;

/// <summary>Settings of the import (configuration section <c>Collab:Exchange</c>).</summary>
public sealed class ExchangeOptions
{
    /// <summary>Data rows per sheet or CSV file above which a file is refused before it is read further.</summary>
    public int MaxRowsPerSheet { get; set; } = 200_000;

    /// <summary>Largest upload, in bytes.</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;
}

/// <summary>An uploaded file (one workbook, or one CSV file per kind).</summary>
public sealed record UploadedFile(string Name, byte[] Content);

/// <summary>The preview of an import: problems (all of them), diff per kind, and the token to apply it.</summary>
public sealed record ImportPreview(string Id, string FileName, ImportMode Mode, long SiteVersion, ImportAnalysis Analysis)
{
    public bool Rejected => Analysis.Rejected;
}

/// <summary>Result of "Appliquer".</summary>
public sealed record ImportApplied(string ImportId, SiteInfo Site, IReadOnlyList<KindDiff> Diff);

/// <summary>An entry of the import journal.</summary>
public sealed record ImportJournalEntry(string Id, string FileName, string Mode, string User, DateTimeOffset At, long SiteVersion, string Summary);

/// <summary>
/// Import of master data from Excel/CSV: upload → parse → validate everything (<see cref="ImportAnalysis"/>, the
/// one master-data validator) → preview → apply. Applying is all-or-nothing: the whole merged master-data set
/// goes to the site in ONE grain command (<see cref="ISiteGrain.ImportMasterDataAsync"/>), which validates again,
/// checks the version the preview was computed on (a change in between is refused, never overwritten) and writes
/// one state document; on any failure the grain keeps its previous state. Then the journal keeps the file.
/// </summary>
public sealed class ExchangeService(IGrainFactory grains, IAuthorizationService authorization, IOptions<SiteOptions> site,
    IOptions<ExchangeOptions> options, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExchangeService> logger)
{
    private readonly ConcurrentDictionary<string, (ImportPreview Preview, IReadOnlyList<UploadedFile> Files, DateTimeOffset At, string User)> pending = new();

    public ExchangeOptions Options => options.Value;

    private ISiteGrain Site => grains.GetGrain<ISiteGrain>(site.Value.Code);

    public static byte[] TemplateXlsx(bool english)
    {
        using var stream = new MemoryStream();
        ExchangeFileWriter.WriteXlsx(stream, MasterDataTables.Template(english));
        return stream.ToArray();
    }

    public static byte[] TemplateCsv(ExchangeSheet sheet, bool english)
    {
        using var stream = new MemoryStream();
        ExchangeFileWriter.WriteCsv(stream, MasterDataTables.Template(english).First(t => t.Name == ExchangeSchema.Definition(sheet).Name(english)), english);
        return stream.ToArray();
    }

    /// <summary>Reads and checks the files against the current master data; nothing is changed.</summary>
    public async Task<ImportPreview> PreviewAsync(ClaimsPrincipal user, IReadOnlyList<UploadedFile> files, ImportMode mode)
    {
        await authorization.RequireAsync(user, Policies.CanPlan);
        var tables = new List<RawTable>();
        var problems = new List<ImportProblem>();
        foreach (var file in files)
        {
            if (file.Content.LongLength > options.Value.MaxFileBytes)
            {
                problems.Add(new ImportProblem(file.Name, 0, null, ImportProblemCode.UnreadableFile, [$"> {options.Value.MaxFileBytes / 1024 / 1024} MB"]));
                continue;
            }

            try
            {
                using var stream = new MemoryStream(file.Content, writable: false);
                tables.AddRange(ExchangeFileReader.Read(stream, file.Name, options.Value.MaxRowsPerSheet));
            }
            catch (UnreadableFileException ex)
            {
                problems.Add(new ImportProblem(file.Name, 0, null, ImportProblemCode.UnreadableFile, [ex.Message]));
            }
        }

        var info = await Site.GetInfoAsync();
        var current = await Site.GetMasterDataAsync();
        var orders = await grains.GetGrain<IOrderRegistryGrain>(site.Value.Code).QueryAsync(new OrderQuery(OpenOnly: false));
        var analysis = ImportAnalysis.Analyse(current, tables, mode, orders);
        if (problems.Count > 0)
        {
            analysis = analysis with { Problems = [.. problems, .. analysis.Problems], Diff = [] };
        }

        var name = files.Count == 1 ? files[0].Name : string.Join(", ", files.Select(f => f.Name));
        var preview = new ImportPreview(Guid.NewGuid().ToString("N"), name, mode, info.Version, analysis);
        Prune();
        pending[preview.Id] = (preview, preview.Rejected ? [] : files, clock.GetUtcNow(), user.Identity?.Name ?? "?");

        return preview;
    }

    /// <summary>Applies a preview as it was shown. Refused when the site changed since (version), or the preview is unknown.</summary>
    public async Task<ImportApplied> ApplyAsync(ClaimsPrincipal user, string previewId)
    {
        await authorization.RequireAsync(user, Policies.CanPlan);
        var userName = user.Identity?.Name ?? "?";
        if (!pending.TryGetValue(previewId, out var entry) || entry.User != userName || entry.Preview.Rejected || !pending.TryRemove(previewId, out _))
        {
            throw new CommandRejectedException(Refusal.PreviewGone);
        }

        var preview = entry.Preview;
        var before = await Site.GetMasterDataAsync();
        var info = await Site.ImportMasterDataAsync(preview.Analysis.Merged.Data, preview.SiteVersion, userName);
        if (preview.Analysis.Orders.Count > 0)
        {
            try
            {
                // All or nothing with the master data: the batch creates every order or none (it undoes its own creations).
                await grains.GetGrain<IOrderImportGrain>(site.Value.Code).ImportAsync(preview.Analysis.Orders, userName);
            }
            catch (Exception ex)
            {
                // Compensation: the master data goes back to what it was (one more version in the site history).
                logger.LogWarning(ex, "Orders of import {File} not created: master data of site {Site} restored", preview.FileName, site.Value.Code);
                await Site.ImportMasterDataAsync(before, info.Version, userName);
                throw new CommandRejectedException([.. (ex as CommandRejectedException)?.Reasons ?? [], new RefusalReason(Refusal.ImportOrdersFailed)]);
            }
        }

        var record = new ImportRecord
        {
            Id = preview.Id,
            Site = site.Value.Code,
            FileName = preview.FileName.Length > 400 ? preview.FileName[..400] : preview.FileName,
            Mode = preview.Mode.ToString(),
            UserName = userName,
            AtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            SiteVersion = info.Version,
            Summary = Summary(preview.Analysis.Diff),
            Content = entry.Files.Count == 1 ? entry.Files[0].Content : Zip(entry.Files),
        };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
            db.Imports.Add(record);
            await db.SaveChangesAsync();
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            // The master data is applied (one grain write); only the copy of the file could not be kept.
            logger.LogError(ex, "Import {Id} applied to site {Site} but its file could not be journaled", record.Id, record.Site);
        }

        logger.LogInformation("Import {File} applied to site {Site} by {User}: {Summary}", record.FileName, record.Site, userName, record.Summary);
        return new ImportApplied(record.Id, info, preview.Analysis.Diff);
    }

    /// <summary>A rejected preview of <paramref name="user"/> (for the downloadable error list).</summary>
    public ImportPreview? RejectedPreview(string id, string user) =>
        pending.TryGetValue(id, out var entry) && entry.User == user && entry.Preview.Rejected ? entry.Preview : null;

    public async Task<IReadOnlyList<ImportJournalEntry>> JournalAsync(int max = 50)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
        var code = site.Value.Code;
        var rows = await db.Imports.AsNoTracking().Where(i => i.Site == code).OrderByDescending(i => i.AtMs).Take(max)
            .Select(i => new { i.Id, i.FileName, i.Mode, i.UserName, i.AtMs, i.SiteVersion, i.Summary }).ToListAsync();
        return rows.Select(r => new ImportJournalEntry(r.Id, r.FileName, r.Mode, r.UserName, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), r.SiteVersion, r.Summary)).ToList();
    }

    /// <summary>The file of an applied import, as it was uploaded (several CSV files come back as one .zip).</summary>
    public async Task<(string Name, byte[] Content)?> JournalFileAsync(string id)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
        var code = site.Value.Code;
        var row = await db.Imports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.Site == code);
        if (row is null)
        {
            return null;
        }

        var name = row.FileName.Contains(',', StringComparison.Ordinal) ? $"import-{row.Id[..8]}.zip" : row.FileName;
        return (name, row.Content);
    }

    public Task<MasterDataSet> MasterDataAsync() => Site.GetMasterDataAsync();

    public Task<SiteInfo> SiteInfoAsync() => Site.GetInfoAsync();

    /// <summary>Applies a change computed from the current master data (API writes): validated whole, one grain command, version checked.</summary>
    public async Task<(SiteInfo? Site, ImportAnalysis? Rejected)> ChangeAsync(ClaimsPrincipal user, long expectedVersion, ImportedData change, ImportMode mode)
    {
        await authorization.RequireAsync(user, Policies.CanPlan);
        var current = await Site.GetMasterDataAsync();
        var merged = ImportMerge.Merge(current, change, mode);
        var problems = Collab.Domain.MasterData.MasterDataValidator.Validate(merged.Data);
        if (problems.Count > 0 || merged.Problems.Count > 0)
        {
            return (null, ImportAnalysis.Analyse(current, [], mode) with { Merged = merged, Problems = [.. merged.Problems, .. problems.Select(p => new ImportProblem(string.Empty, 0, null, ImportProblemCode.Rule, p.Args) { Validation = p, Key = p.Key, Rule = p.Code.ToString(), Sheet = ImportAnalysis.SheetOf(p.Kind) })] });
        }

        return (await Site.ImportMasterDataAsync(merged.Data, expectedVersion, user.Identity?.Name ?? "?"), null);
    }

    public static string Summary(IReadOnlyList<KindDiff> diff) =>
        string.Join(";", diff.Where(d => d.Any).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Sheet}:+{d.Created}~{d.Changed}-{d.Removed}")));

    private static byte[] Zip(IReadOnlyList<UploadedFile> files)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = zip.CreateEntry(Path.GetFileName(file.Name));
                using var s = entry.Open();
                s.Write(file.Content);
            }
        }

        return stream.ToArray();
    }

    private void Prune()
    {
        var limit = clock.GetUtcNow().AddMinutes(-30);
        foreach (var (id, entry) in pending)
        {
            if (entry.At < limit)
            {
                pending.TryRemove(id, out _);
            }
        }
    }
}
