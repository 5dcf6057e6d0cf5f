namespace Failover.Core.Agents;

/// <param name="Epoch">The service's epoch; the agent refuses a lower one than it has seen.</param>
/// <param name="Ttl">How long the lease holds from the agent's receipt, on its monotonic clock.</param>
/// <param name="Primary">True when the member is the service's primary and may commit; false only passes the epoch on.</param>
/// <param name="Holder">Who grants it (the acting observer), for the agent's journal.</param>
public sealed record LeaseGrant(Epoch Epoch, TimeSpan Ttl, bool Primary, string Holder);
