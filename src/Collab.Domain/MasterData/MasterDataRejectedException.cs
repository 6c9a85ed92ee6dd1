using Collab.Contracts;

namespace Collab.Domain.MasterData;

/// <summary>
/// A master-data change was refused by <see cref="MasterDataValidator"/>; nothing was stored. <see cref="Problems"/>
/// are typed: the UI turns them into French or English text (Web: MasterDataProblemText). The inherited
/// <see cref="CommandRejectedException.Reasons"/> (<see cref="Refusal.InvalidMasterData"/>) hold their technical form for screens that
/// do not know the type.
/// </summary>
[GenerateSerializer, Alias("Collab.MasterDataRejectedException")]
public sealed class MasterDataRejectedException : CommandRejectedException
{
    public MasterDataRejectedException(IReadOnlyList<MasterDataProblem> problems)
        : base([.. problems.Select(p => new RefusalReason(Refusal.InvalidMasterData, p.ToString()))])
    {
        Problems = problems.ToArray();
    }

    [Id(0)] public MasterDataProblem[] Problems { get; private set; }

    /// <summary>Throws when <paramref name="problems"/> is not empty.</summary>
    public static void ThrowIfAny(IReadOnlyList<MasterDataProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new MasterDataRejectedException(problems);
        }
    }
}
