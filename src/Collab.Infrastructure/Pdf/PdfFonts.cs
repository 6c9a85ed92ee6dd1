using SkiaSharp;

namespace Collab.Infrastructure.Pdf;

/// <summary>
/// The two typefaces of our documents, loaded explicitly from TTF files (DejaVu Sans covers
/// French: é è à ç œ « » …). Loading explicitly avoids silently text-less PDFs when no system
/// font is found. Missing files fail loudly with the package to install.
/// </summary>
public sealed class PdfFonts : IDisposable
{
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";
    public const string RegularFile = "DejaVuSans.ttf";
    public const string BoldFile = "DejaVuSans-Bold.ttf";

    private PdfFonts(SKTypeface regular, SKTypeface bold)
    {
        Regular = regular;
        Bold = bold;
    }

    public SKTypeface Regular { get; }
    public SKTypeface Bold { get; }

    /// <summary>Loads DejaVu Sans (regular and bold) from <paramref name="directory"/> (default <c>COLLAB_FONTS_DIR</c> or /usr/share/fonts/truetype/dejavu).</summary>
    /// <exception cref="FileNotFoundException">A font file is missing or unreadable.</exception>
    public static PdfFonts Load(string? directory = null)
    {
        directory ??= Environment.GetEnvironmentVariable("COLLAB_FONTS_DIR") ?? DefaultDirectory;
        var regular = LoadOne(Path.Combine(directory, RegularFile));
        try
        {
            return new PdfFonts(regular, LoadOne(Path.Combine(directory, BoldFile)));
        }
        catch
        {
            regular.Dispose();
            throw;
        }
    }

    private static readonly Lazy<PdfFonts> SharedInstance = new(() => Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Process-wide instance (typefaces are immutable and thread-safe to read).</summary>
    public static PdfFonts Shared => SharedInstance.Value;

    private static SKTypeface LoadOne(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Police introuvable : {path}. Installez le paquet Debian « fonts-dejavu-core » ou indiquez le dossier des polices DejaVu dans COLLAB_FONTS_DIR.", path);
        return SKTypeface.FromFile(path)
            ?? throw new FileNotFoundException($"Police illisible : {path} (fichier TrueType attendu).", path);
    }

    public void Dispose()
    {
        Regular.Dispose();
        Bold.Dispose();
    }
}
