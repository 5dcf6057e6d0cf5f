namespace Failover.ControlPlane.Auth;

/// <summary>A caller known by its bearer token.</summary>
public sealed record Caller(string Name, Role Role);
