using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Storage;

namespace Collab.Infrastructure.Serialization;

/// <summary>
/// How Collab's data crosses grain calls and lands in storage, identical in every mode and in tests:
/// <list type="bullet">
/// <item>Grain calls: Orleans' binary serializer for contracts and states ([GenerateSerializer]);
/// the pure planning model (namespace <c>Collab.Planning</c>, plain records without Orleans
/// attributes) travels as System.Text.Json.</item>
/// <item>Storage: grain state as System.Text.Json documents without type names. Orleans' default
/// JSON storage serializer records runtime type names, which breaks on the compiler-generated
/// collection types behind collection expressions and on any renamed class.</item>
/// </list>
/// </summary>
public static class CollabSerialization
{
    public static readonly JsonSerializerOptions StateJson = CreateStateJson();

    public static bool IsPlanningType(Type type) =>
        type.Namespace is { } ns && (ns == "Collab.Planning" || ns.StartsWith("Collab.Planning.", StringComparison.Ordinal));

    public static IServiceCollection AddCollabSerialization(this IServiceCollection services)
    {
        services.AddSerializer(builder => builder.AddJsonSerializer(isSupported: IsPlanningType, jsonSerializerOptions: StateJson));
        services.RemoveAll<IGrainStorageSerializer>();
        services.AddSingleton<IGrainStorageSerializer, JsonStateSerializer>();
        return services;
    }

    private static JsonSerializerOptions CreateStateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = false,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class JsonStateSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, StateJson));

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(StateJson)!;
    }
}
