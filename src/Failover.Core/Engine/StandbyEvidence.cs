using Failover.Core.Replication;

namespace Failover.Core.Engine;

/// <summary>What is known of how far a standby has got, from every source (its own observation, its primary's view, agents).</summary>
/// <param name="Acknowledged">The highest position the standby is known to have flushed; null when never seen.</param>
/// <param name="AcknowledgedBasis">Where <paramref name="Acknowledged"/> comes from, for a human.</param>
/// <param name="CaughtUpAt">The time of the latest primary position the standby was seen to have flushed.</param>
/// <param name="LastStreamingAt">The last time the standby was seen streaming from the primary.</param>
public sealed record StandbyEvidence(Lsn? Acknowledged, string AcknowledgedBasis, DateTimeOffset? CaughtUpAt, DateTimeOffset? LastStreamingAt);
