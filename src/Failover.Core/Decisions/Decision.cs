using Failover.Core.Journal;
using Failover.Core.Topology;

namespace Failover.Core.Decisions;

public sealed record Decision(DecisionOutcome Outcome, string Reason);
