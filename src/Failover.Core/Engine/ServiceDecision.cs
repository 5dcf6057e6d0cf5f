using Failover.Core.Decisions;
using Failover.Core.Operations;

namespace Failover.Core.Engine;

/// <summary>The automatic decision taken for one service on one tick.</summary>
public sealed record ServiceDecision(string ServiceId, OperationKind Kind, Decision Decision, string? OperationId);
