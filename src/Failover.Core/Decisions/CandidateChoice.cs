using Failover.Core.Operations;

namespace Failover.Core.Decisions;

/// <summary>A standby chosen for promotion, with why, and the quote; or why none qualifies.</summary>
public sealed record CandidateChoice(string? SiteId, string Why, DataLossQuote? Quote, IReadOnlyList<string> Rejected);
