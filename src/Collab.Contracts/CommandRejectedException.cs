namespace Collab.Contracts;

/// <summary>A command failed validation; nothing was changed. <see cref="Errors"/> are French,
/// user-facing messages (the UI shows them as they are).</summary>
[GenerateSerializer, Alias("Collab.CommandRejectedException")]
public class CommandRejectedException : Exception
{
    public CommandRejectedException(IReadOnlyList<string> errors)
        : base(string.Join(" ", errors))
    {
        Errors = errors.ToArray();
    }

    public CommandRejectedException(string error) : this([error])
    {
    }

    [Id(0)] public string[] Errors { get; private set; }
}
