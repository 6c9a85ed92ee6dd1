using System.Collections;
using System.Reflection;

namespace Collab.Web.Endpoints;

/// <summary>Bad input at the API door: every string of a request body or route value is checked before the
/// handler runs. Names, titles and codes (property or parameter named <c>*Name</c>, <c>*Title</c>, <c>*Code</c>)
/// may hold no control character at all and at most <see cref="MaxNameLength"/> characters; other text may hold
/// line breaks and tabs only. A refusal is an RFC 7807 problem naming the field; nothing is applied.</summary>
public sealed class InputGuardFilter : IEndpointFilter
{
    public const int MaxNameLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters();
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            var name = parameters is not null && i < parameters.Length ? parameters[i].Name ?? $"#{i}" : $"#{i}";
            if (Problem(name, context.Arguments[i], depth: 0) is { } problem)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Saisie refusée / input refused",
                    detail: problem);
            }
        }

        return await next(context);
    }

    /// <summary>Why <paramref name="value"/> (named <paramref name="field"/>) is refused, or null.</summary>
    public static string? Problem(string field, object? value, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return TextProblem(field, text);
            case IEnumerable items when depth < 4 && value is not IDictionary:
                var index = 0;
                foreach (var item in items)
                {
                    if (Problem($"{field}[{index++}]", item, depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
        }

        var type = value.GetType();
        if (depth >= 4 || type.IsPrimitive || type.IsEnum || type.Namespace is not { } ns || !ns.StartsWith("Collab", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.CanRead
                && Problem(property.Name, property.GetValue(value), depth + 1) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? TextProblem(string field, string text)
    {
        var isName = field.EndsWith("Name", StringComparison.OrdinalIgnoreCase) || field.EndsWith("Title", StringComparison.OrdinalIgnoreCase)
            || field.EndsWith("Code", StringComparison.OrdinalIgnoreCase) || field.Equals("name", StringComparison.OrdinalIgnoreCase)
            || field.Equals("title", StringComparison.OrdinalIgnoreCase);
        if (isName && text.Length > MaxNameLength)
        {
            return $"« {field} » : {MaxNameLength} caractères au plus ({text.Length} reçus).";
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && (isName || c is not ('\r' or '\n' or '\t')))
            {
                return $"« {field} » contient un caractère de contrôle (U+{(int)c:X4}) : retirez-le.";
            }
        }

        return null;
    }
}
