using Failover.Core;

namespace Failover.Traffic.Edge;

public sealed record EdgeApplyResult(EdgeApplyOutcome Outcome, string? Reason, Epoch? PreviousEpoch);
