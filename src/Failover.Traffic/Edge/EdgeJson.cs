using System.Text.Json.Serialization;

namespace Failover.Traffic.Edge;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(EdgeServiceRoute))]
[JsonSerializable(typeof(EdgeRouteStatus))]
[JsonSerializable(typeof(List<EdgeRouteStatus>))]
[JsonSerializable(typeof(EdgeApplyResult))]
internal sealed partial class EdgeJson : JsonSerializerContext;
