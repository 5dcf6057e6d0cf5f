namespace Failover.Core.Topology;

/// <summary>A hosting provider (OVHcloud, Scaleway…); sites belong to one.</summary>
public sealed record Provider(string Id, string DisplayName);
