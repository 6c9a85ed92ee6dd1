using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Collab.Web.Identity;

/// <summary>ASP.NET Core Identity store. Lives in the same database as the storage mode
/// (SQLite <c>identity.db</c> in the data directory, or the cluster's PostgreSQL database).</summary>
public sealed class CollabIdentityDbContext(DbContextOptions<CollabIdentityDbContext> options)
    : IdentityDbContext<CollabUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<CollabUser>(user =>
        {
            user.Property(u => u.PreferredCulture).HasMaxLength(16);
            user.Property(u => u.DisplayName).HasMaxLength(120);
        });
    }
}
