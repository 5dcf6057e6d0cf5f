using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Failover.Core.Topology;

namespace Failover.Cli.Commands.Config;

/// <summary>The resolved estate as JSON for scripts; secrets appear as their references only.</summary>
internal static class EstateJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new AddressConverter(), new SecretConverter() },
    };

    public static string Serialize(Estate estate) => JsonSerializer.Serialize(new
    {
        estate.Providers,
        estate.Sites,
        estate.Services,
        estate.Observers,
        estate.Policies,
        Routers = estate.Routers.Cast<object>().ToList(),
    }, Options);

    private sealed class AddressConverter : JsonConverter<IPAddress>
    {
        public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => IPAddress.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class SecretConverter : JsonConverter<SecretReference>
    {
        public override SecretReference Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, SecretReference value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
