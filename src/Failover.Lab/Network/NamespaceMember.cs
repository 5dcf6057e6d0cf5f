namespace Failover.Lab.Network;

/// <summary>One namespace on a <see cref="NamespaceTopology"/>'s bridge: its name suffix and its number (address .10+N, MAC ..:N).</summary>
public sealed record NamespaceMember(string Name, int Number);
