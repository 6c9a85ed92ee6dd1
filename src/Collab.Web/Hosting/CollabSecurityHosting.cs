using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Collab.Web.Hosting;

/// <summary>Transport and request hardening of the web host (docs/security.md): default loopback address,
/// forwarded headers from known proxies only, HSTS and security headers, RFC 7807 problem details for bad
/// requests, per-IP rate limits on sign-in and the API, the first-sign-in password change.</summary>
public static class CollabSecurityHosting
{
    /// <summary>Rate-limiter policy of the sign-in form (per client IP).</summary>
    public const string SignInPolicy = "signin";

    /// <summary>Rate-limiter policy of API callers (per client IP): endpoints opt in with
    /// <c>.RequireRateLimiting(CollabSecurityHosting.ApiPolicy)</c>.</summary>
    public const string ApiPolicy = "api";

    /// <summary>Where an account that must change its password is sent.</summary>
    public const string ChangePasswordPath = "/account/change-password";

    /// <summary>The Content-Security-Policy of every response. Blazor Server and Radzen need inline styles
    /// (style attributes) and the WebSocket to the same host; no inline or foreign script.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self' ws: wss:; frame-src 'self' blob:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static WebApplicationBuilder AddCollabSecurity(this WebApplicationBuilder builder)
    {
        // README: http://127.0.0.1:5080 unless --urls / ASPNETCORE_URLS / Kestrel:Endpoints say otherwise.
        if (!HostExposure.HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(HostExposure.DefaultUrl);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<CollabExceptionHandler>();
        // Unreadable bodies (invalid JSON, wrong types) reach the exception handler, which says why.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = 1;
            // Only the proxies named in Collab:Proxy:KnownProxies (IP addresses) and KnownNetworks (CIDR) are believed.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in builder.Configuration.GetSection("Collab:Proxy:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in builder.Configuration.GetSection("Collab:Proxy:KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            if (builder.Configuration.GetSection("Collab:Proxy:AllowedHosts").Get<string[]>() is { Length: > 0 } hosts)
            {
                o.AllowedHosts = hosts;
            }
        });

        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            var signInPerMinute = builder.Configuration.GetValue("Collab:RateLimits:SignInPerMinute", 10);
            var apiPerMinute = builder.Configuration.GetValue("Collab:RateLimits:ApiPerMinute", 300);
            o.AddPolicy(SignInPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(ctx),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(ApiPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(ctx),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = apiPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                http.Response.Headers.RetryAfter = "60";
                if (http.Request.Path.StartsWithSegments("/account/login"))
                {
                    http.Response.StatusCode = StatusCodes.Status303SeeOther;
                    http.Response.Headers.Location = CollabWebHosting.SignInPath + "?error=throttled";
                    return;
                }

                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Trop de requêtes / too many requests",
                        Detail = "Réessayez dans une minute. Try again in a minute.",
                    },
                });
            };
        });

        return builder;
    }

    /// <summary>The first middlewares: forwarded headers, errors, HSTS and the security headers.</summary>
    public static WebApplication UseCollabSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts(); // only sent over HTTPS
        }

        app.Use((ctx, next) =>
        {
            ctx.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "SAMEORIGIN";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return Task.CompletedTask;
            }, ctx);
            return next();
        });
        return app;
    }

    /// <summary>After authentication: an account flagged "must change password" reaches only the
    /// change-password page, sign-out and static files until it has chosen its own password.</summary>
    public static WebApplication UseMustChangePassword(this WebApplication app)
    {
        app.Use(async (ctx, next) =>
        {
            if (ctx.User.HasClaim(c => c.Type == IdentityInitializer.MustChangePasswordClaim) && !MayPassBeforePasswordChange(ctx))
            {
                if (HttpMethods.IsGet(ctx.Request.Method) && !ctx.Request.Path.StartsWithSegments("/api"))
                {
                    ctx.Response.Redirect(ChangePasswordPath);
                }
                else
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                }

                return;
            }

            await next();
        });
        return app;
    }

    private static bool MayPassBeforePasswordChange(HttpContext ctx)
    {
        var path = ctx.Request.Path;
        return path.StartsWithSegments(ChangePasswordPath)
            || path.StartsWithSegments("/account/password")
            || path.StartsWithSegments("/account/logout")
            || path.StartsWithSegments("/account/language")
            || path.StartsWithSegments("/health")
            || path.StartsWithSegments("/Error")
            || path.StartsWithSegments("/not-found")
            || path.StartsWithSegments("/_framework")
            || path.StartsWithSegments("/_content")
            || Path.HasExtension(path.Value);
    }

    /// <summary>The partition key of a caller: its IP address (after the forwarded-headers middleware).</summary>
    internal static string ClientKey(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>True when the caller is on this machine (and no trusted proxy said otherwise).</summary>
    internal static bool IsLoopbackCaller(HttpContext ctx) =>
        ctx.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
}

/// <summary>Bad requests (unreadable JSON, wrong types, oversized form) and API failures answer RFC 7807
/// problem details with the reason; other failed requests of people are re-run as GET /Error (never as the
/// original PUT/POST, which no page answers).</summary>
internal sealed class CollabExceptionHandler(IProblemDetailsService problems, ILogger<CollabExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            httpContext.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = "Requête invalide / invalid request",
                    Detail = Reason(bad),
                },
            });
        }

        if (httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } original && original.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogError(exception, "API request failed");
            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Erreur inattendue / unexpected error",
                    Detail = "Rien n'a été enregistré par cette requête ; réessayez ou prévenez l'administrateur.",
                },
            });
        }

        // People: the error page, always as a GET.
        httpContext.Request.Method = HttpMethods.Get;
        return false;
    }

    private static string Reason(BadHttpRequestException bad)
    {
        var reason = bad.Message;
        for (var inner = bad.InnerException; inner is not null; inner = inner.InnerException)
        {
            reason += " " + inner.Message;
        }

        return reason.Length > 500 ? reason[..500] + "…" : reason;
    }
}

/// <summary>Progressive delay of failed sign-ins per client IP: nothing for the first 3 failures
/// (<c>Collab:RateLimits:SignInFreeFailures</c>), then 0.5 s, 1 s, 2 s… up to 8 s; forgotten 15 minutes after
/// the last failure.</summary>
public sealed class SignInThrottle(TimeProvider clock, IConfiguration configuration)
{
    private readonly int freeFailures = configuration.GetValue("Collab:RateLimits:SignInFreeFailures", 3);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Failures, DateTimeOffset Last)> failures = new();

    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(15);

    /// <summary>Delay to apply before answering the next attempt from <paramref name="client"/>.</summary>
    public TimeSpan DelayFor(string client)
    {
        if (!failures.TryGetValue(client, out var entry) || clock.GetUtcNow() - entry.Last > Memory)
        {
            return TimeSpan.Zero;
        }

        return entry.Failures <= freeFailures
            ? TimeSpan.Zero
            : TimeSpan.FromMilliseconds(Math.Min(8000, 500 * Math.Pow(2, Math.Min(entry.Failures - freeFailures - 1, 10))));
    }

    public void Failed(string client)
    {
        var now = clock.GetUtcNow();
        failures.AddOrUpdate(client, _ => (1, now), (_, e) => (now - e.Last > Memory ? 1 : e.Failures + 1, now));
        if (failures.Count > 10_000)
        {
            foreach (var (key, value) in failures)
            {
                if (now - value.Last > Memory)
                {
                    failures.TryRemove(key, out _);
                }
            }
        }
    }

    public void Succeeded(string client) => failures.TryRemove(client, out _);
}
