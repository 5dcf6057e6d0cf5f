using Failover.Core.Decisions;
using Failover.Core.Health;
using Failover.Core.Operations;

namespace Failover.Core.Engine;

/// <summary>What the engine is given on each tick: the quorum verdicts and the freezes in force.</summary>
public sealed record EngineTick(IReadOnlyList<SiteVerdict> Verdicts, IReadOnlyList<Freeze> Freezes);

/// <summary>The answer to an operator command (request, approve, cancel).</summary>
public sealed record CommandResult(bool Accepted, string? OperationId, OperationStatus? Status, string Message, OperationPlan? Plan = null);

/// <summary>The automatic decision taken for one service on one tick.</summary>
public sealed record ServiceDecision(string ServiceId, OperationKind Kind, Decision Decision, string? OperationId);

public sealed record TickReport(IReadOnlyList<ServiceDecision> Decisions, int Running, int Queued, int AwaitingApproval);
