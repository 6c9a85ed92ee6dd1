using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Collab.Infrastructure.Pdf;

/// <summary>Renders documents with the registered fonts.</summary>
public interface IMinutesRenderer
{
    byte[] Render(MeetingMinutes minutes);
}

public sealed class MinutesRenderer(PdfFonts fonts) : IMinutesRenderer
{
    public byte[] Render(MeetingMinutes minutes) => MinutesPdf.Render(minutes, fonts);
}

public static class DocumentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PDF fonts (DejaVu, loaded on first use: a missing font fails with a clear
    /// message naming the Debian package) and the minutes renderer.
    /// </summary>
    public static IServiceCollection AddCollabDocuments(this IServiceCollection services, string? fontDirectory = null)
    {
        services.TryAddSingleton(_ => fontDirectory is null ? PdfFonts.Shared : PdfFonts.Load(fontDirectory));
        services.TryAddSingleton<IMinutesRenderer, MinutesRenderer>();
        return services;
    }
}
