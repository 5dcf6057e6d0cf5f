namespace Failover.Core.Engine;

/// <summary>What one tick did: the automatic decisions taken, and the operations running, queued and awaiting approval after it.</summary>
public sealed record TickReport(IReadOnlyList<ServiceDecision> Decisions, int Running, int Queued, int AwaitingApproval);
