using System.Text.Json;
using System.Text.Json.Serialization;

namespace Failover.Agent.Json;

/// <summary>The JSON of the agent's API and journal, shared by the agent and its client: camelCase, enums as strings, epochs as numbers, LSNs as text.</summary>
public static class AgentJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new EpochJsonConverter());
        options.Converters.Add(new LsnJsonConverter());
        options.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        return options;
    }
}
