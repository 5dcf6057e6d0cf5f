using System.Text.Json;
using System.Text.Json.Serialization;
using Failover.Core;

namespace Failover.Agent.Json;

/// <summary>An epoch as a JSON number.</summary>
public sealed class EpochJsonConverter : JsonConverter<Epoch>
{
    public override Epoch Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Epoch value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Value);
    }
}
