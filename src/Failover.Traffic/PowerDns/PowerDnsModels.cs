using System.Text.Json.Serialization;

namespace Failover.Traffic.PowerDns;

/// <summary>The parts of the PowerDNS zone document this router reads and writes (API v1).</summary>
internal sealed record PowerDnsZone([property: JsonPropertyName("rrsets")] IReadOnlyList<PowerDnsRrset>? Rrsets);

internal sealed record PowerDnsRrset(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("ttl")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Ttl,
    [property: JsonPropertyName("changetype")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ChangeType,
    [property: JsonPropertyName("records")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PowerDnsRecord>? Records);

internal sealed record PowerDnsRecord(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("disabled")] bool Disabled);

internal sealed record PowerDnsPatch([property: JsonPropertyName("rrsets")] IReadOnlyList<PowerDnsRrset> Rrsets);

internal sealed record PowerDnsError([property: JsonPropertyName("error")] string? Error);

[JsonSerializable(typeof(PowerDnsZone))]
[JsonSerializable(typeof(PowerDnsPatch))]
[JsonSerializable(typeof(PowerDnsError))]
internal sealed partial class PowerDnsJson : JsonSerializerContext;
