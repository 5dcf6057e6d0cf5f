namespace Failover.Traffic.Edge;

/// <summary>A route as the edge holds it, and whether the proxy already routes by it.</summary>
public sealed record EdgeRouteStatus(EdgeServiceRoute Route, bool Live);
