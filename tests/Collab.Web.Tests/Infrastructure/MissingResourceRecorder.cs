using System.Collections.Concurrent;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Tests.Infrastructure;

/// <summary>Collects resource keys looked up but not found, with the UI culture of the lookup.</summary>
public sealed class MissingResourceRecorder
{
    private readonly ConcurrentQueue<string> missing = new();

    public IReadOnlyList<string> Missing => missing.ToArray();

    public void Record(string key) => missing.Enqueue($"{key} [{System.Globalization.CultureInfo.CurrentUICulture.Name}]");

    public void Clear() => missing.Clear();
}

public sealed class RecordingLocalizerFactory(IStringLocalizerFactory inner, MissingResourceRecorder recorder) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new RecordingLocalizer(inner.Create(resourceSource), recorder);

    public IStringLocalizer Create(string baseName, string location) => new RecordingLocalizer(inner.Create(baseName, location), recorder);
}

public sealed class RecordingLocalizer(IStringLocalizer inner, MissingResourceRecorder recorder) : IStringLocalizer
{
    public LocalizedString this[string name] => Check(inner[name]);

    public LocalizedString this[string name, params object[] arguments] => Check(inner[name, arguments]);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

    private LocalizedString Check(LocalizedString value)
    {
        if (value.ResourceNotFound)
        {
            recorder.Record(value.Name);
        }

        return value;
    }
}
