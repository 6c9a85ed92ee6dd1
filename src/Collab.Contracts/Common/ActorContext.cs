using Orleans.Runtime;

namespace Collab.Contracts.Common;

/// <summary>
/// What the web services know about the acting user beyond their login, flowed to the grains with the
/// call (Orleans <see cref="RequestContext"/>): whether the user is an administrator, and whether they may
/// change planning data (planner role or administrator) <em>now</em> — the services re-read the roles from
/// the Identity store at every command. Grains use it for the rules that mix a person of the object with a
/// role (an administrator stands in for a project lead; applying a project's changes to the master data
/// needs the planner role). The role policies themselves are checked by the services.
/// </summary>
public static class ActorContext
{
    private const string AdminKey = "collab.actor.admin";
    private const string PlannerKey = "collab.actor.planner";

    public static bool IsAdmin => RequestContext.Get(AdminKey) is true;

    public static bool MayPlan => IsAdmin || RequestContext.Get(PlannerKey) is true;

    /// <summary>Marks the calls made until disposal as made by a user with these rights.</summary>
    public static IDisposable Set(bool isAdmin, bool mayPlan)
    {
        var previous = (Admin: RequestContext.Get(AdminKey), Planner: RequestContext.Get(PlannerKey));
        Put(AdminKey, isAdmin ? true : null);
        Put(PlannerKey, mayPlan ? true : null);
        return new Restore(previous.Admin, previous.Planner);
    }

    private static void Put(string key, object? value)
    {
        if (value is null)
        {
            RequestContext.Remove(key);
        }
        else
        {
            RequestContext.Set(key, value);
        }
    }

    private sealed class Restore(object? admin, object? planner) : IDisposable
    {
        public void Dispose()
        {
            Put(AdminKey, admin);
            Put(PlannerKey, planner);
        }
    }
}
