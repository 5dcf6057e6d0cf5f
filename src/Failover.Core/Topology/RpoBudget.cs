namespace Failover.Core.Topology;

/// <summary>The RPO budget: how far behind a standby may be and still be promoted without a human.</summary>
public sealed record RpoBudget(long? MaxLagBytes, TimeSpan? MaxLagTime)
{
    /// <summary>
    /// The maxLagSeconds of a synchronous service that sets none: a standby is promoted without a human only if it was
    /// synchronous and streaming until at most this long before the primary was last known to send WAL.
    /// </summary>
    public static readonly TimeSpan DefaultSyncMaxLag = TimeSpan.FromSeconds(10);

    public bool IsSet => MaxLagBytes is not null || MaxLagTime is not null;

    public bool Allows(long lagBytes, TimeSpan? lagTime) =>
        (MaxLagBytes is not { } bytes || lagBytes <= bytes)
        && (MaxLagTime is not { } time || (lagTime is { } t && t <= time));
}
