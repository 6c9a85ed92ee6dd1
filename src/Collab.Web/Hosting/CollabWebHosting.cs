using System.Globalization;
using Collab.Infrastructure.Hosting;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Pdf;
using Collab.Web.Components;
using Collab.Web.Components.Pages.Meetings;
using Collab.Web.Components.Pages.Exchange;
using Collab.Web.Endpoints;
using Collab.Web.Health;
using Collab.Web.Identity;
using Collab.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Radzen;

namespace Collab.Web.Hosting;

/// <summary>The one service-registration extension of the web host, and its pipeline.</summary>
public static class CollabWebHosting
{
    public const string SignInPath = "/account/signin";
    public const string AccessDeniedPath = "/account/access-denied";

    public static WebApplicationBuilder AddCollabWeb(this WebApplicationBuilder builder)
    {
        // Read when first resolved (after the host is built) so every configuration source,
        // including test hosts', is in place.
        builder.Services.AddSingleton(sp => CollabStorageSettings.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddOptions<SiteOptions>().Configure<IConfiguration>((o, configuration) => o.Code = SiteOptions.CodeOf(configuration));

        // Default loopback address, problem details, forwarded headers, HSTS, rate limits (docs/security.md).
        builder.AddCollabSecurity();

        // Co-hosted Orleans silo (storage mode, clustering, storage health check).
        builder.AddCollabOrleans();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        builder.Services.AddLocalization();
        builder.Services.AddAntiforgery();

        // Identity: cookie sign-in, EF Core store in the mode's database.
        builder.Services.AddDbContext<CollabIdentityDbContext>((sp, o) => IdentityStorage.Configure(o, sp.GetRequiredService<CollabStorageSettings>()));
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.AddIdentityCore<CollabUser>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 8;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CollabIdentityDbContext>()
            .AddSignInManager()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<CollabClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = SignInPath;
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = AccessDeniedPath;
            o.Cookie.Name = "Collab.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            // API and health callers get status codes, people get the sign-in page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdentityInitializer>());
        builder.Services.AddSingleton<IdentityInitializer>();

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddRolePolicies();
        builder.Services.AddCascadingAuthenticationState();

        builder.Services.AddHealthChecks()
            .AddCheck<SiloHealthCheck>("silo", tags: ["ready"])
            .AddCheck<IdentityDatabaseHealthCheck>("identity-db", tags: ["ready"])
            .AddCheck<DemoSeedHealthCheck>("demo", tags: ["ready"]);
        builder.Services.AddSingleton<DemoSeedStatus>();
        builder.Services.AddSingleton<ReadinessCache>();

        // The one mail sender of the app (settings "Collab:Mail" until the administration page stores them)
        // and the PDF documents (minutes, A3, purchase orders).
        builder.Services.AddCollabFollowUps(); // grain-backed mail settings / IMAP watermark / sent IDs, before AddCollabMail's TryAdd defaults
        Collab.Web.Components.Pages.Mail.MailDeliveryFeature.AddCollabMailDelivery(builder.Services); // route-checked sender + demo outbox, before AddCollabMail
        builder.Services.AddCollabMail(builder.Configuration);
        builder.Services.AddCollabDocuments();
        builder.Services.AddCollabDataProtection(builder.Configuration);

        builder.Services.AddCollabUiServices();
        return builder;
    }

    private static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (policy, roles) in Policies.RolesByPolicy)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        return authorization;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/_blazor"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseCollabWeb(this WebApplication app)
    {
        app.UseCollabSecurity();
        // People get the "not found" page; API and health callers get the bare status code. On the application itself,
        // not in a UseWhen branch: a branch has no global router, so the re-executed /not-found matched no endpoint and
        // a signed-in person got an empty 404 (the browser's own error page) for any unknown address.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((ctx, next) =>
        {
            if ((ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/health"))
                && ctx.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next();
        });

        app.UseRequestLocalization(o =>
        {
            var cultures = CollabCultures.Supported.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(CollabCultures.French);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // French first: the browser's Accept-Language is ignored; the user's choice (cookie) wins.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMustChangePassword();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapCollabHealth();
        app.MapAccountEndpoints();
        app.MapCollabApi();
        app.MapMeetingEndpoints(); // Components/Pages/Meetings
        Collab.Web.Components.Pages.ImprovementProjects.ProjectEndpoints.MapProjectEndpoints(app); // Components/Pages/ImprovementProjects
        Collab.Web.Components.Pages.Mail.MailDeliveryFeature.MapDemoOutboxEndpoints(app);
        app.MapExchangeEndpoints();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();

        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app));
        return app;
    }

    private static void PrintBanner(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<CollabStorageSettings>();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var lines = new List<string> { string.Empty, "Collab started." };
        lines.AddRange(addresses.Select(a => $"  Listening on: {a}"));
        lines.Add(settings.Mode == CollabMode.Embedded
            ? $"  Mode: Embedded (data directory {settings.DataDirectory})"
            : $"  Mode: Cluster (PostgreSQL {settings.RedactedPostgresTarget})");
        var identity = app.Services.GetRequiredService<IdentityInitializer>();
        if (settings.SeedDemo)
        {
            lines.Add($"  Demo accounts (password {IdentityInitializer.DemoPassword}):");
            lines.AddRange(IdentityInitializer.DemoUsers.Select(u => $"    {u.UserName,-24} {u.Role}"));
            lines.Add("  Demo passwords are published: Collab listens on this machine only (loopback) while any account keeps one (docs/security.md).");
        }

        if (identity.GeneratedAdminPassword is { } password)
        {
            lines.Add($"  First administrator: admin / {password}   (shown once; to be changed at first sign-in)");
        }
        else if (identity.CreatedAdminFromConfiguration)
        {
            lines.Add("  First administrator: admin, password from Collab:AdminPassword(File) (to be changed at first sign-in)");
        }

        var mailRoutes = app.Services.GetRequiredService<Collab.Web.Components.Pages.Mail.CollabMailRouteResolver>();
        if (mailRoutes.DemoOutboxAllowed)
        {
            lines.Add("  Mail: unless an SMTP server is set (Administration > Messagerie or Collab:Mail), mails go to the demo outbox");
            lines.Add($"        (page /mail/demo-outbox, files in {app.Services.GetRequiredService<Collab.Infrastructure.Mail.DemoOutbox>().Directory}); nothing is sent.");
        }

        lines.Add(string.Empty);
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
