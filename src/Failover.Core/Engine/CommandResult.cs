using Failover.Core.Operations;

namespace Failover.Core.Engine;

/// <summary>The answer to an operator command (request, approve, cancel).</summary>
public sealed record CommandResult(bool Accepted, string? OperationId, OperationStatus? Status, string Message, OperationPlan? Plan = null);
