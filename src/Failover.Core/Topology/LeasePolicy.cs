namespace Failover.Core.Topology;

/// <summary>
/// The write lease the acting control plane grants the primary's site agent (policy: <c>lease: { ttl, driftMargin }</c>).
/// It is renewed every <see cref="RenewEvery"/> while the control plane leads and judges the site neither Suspect nor
/// Down; an unreachable member counts as fenced once the control plane's own last grant + <see cref="Ttl"/> +
/// <see cref="DriftMargin"/> has passed on its monotonic clock. The margin covers the agent's fence time and clock rate.
/// </summary>
public sealed record LeasePolicy(TimeSpan Ttl, TimeSpan DriftMargin)
{
    public static LeasePolicy Default { get; } = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));

    public TimeSpan RenewEvery => Ttl / 3;
}
