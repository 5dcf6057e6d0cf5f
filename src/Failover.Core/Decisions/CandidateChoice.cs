using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;

namespace Failover.Core.Decisions;

/// <summary>A standby chosen for promotion, with why, and the quote; or why none qualifies.</summary>
public sealed record CandidateChoice(string? SiteId, string Why, DataLossQuote? Quote, IReadOnlyList<string> Rejected);
