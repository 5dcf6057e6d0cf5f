namespace Failover.Core.Topology;

/// <summary>The RPO budget: how far behind a standby may be and still be promoted without a human.</summary>
public sealed record RpoBudget(long? MaxLagBytes, TimeSpan? MaxLagTime)
{
    public bool IsSet => MaxLagBytes is not null || MaxLagTime is not null;

    public bool Allows(long lagBytes, TimeSpan? lagTime) =>
        (MaxLagBytes is not { } bytes || lagBytes <= bytes)
        && (MaxLagTime is not { } time || (lagTime is { } t && t <= time));
}
