namespace Failover.Core.Topology;

/// <summary>How many observers must agree that a site is lost; null <see cref="Count"/> means a strict majority.</summary>
public sealed record QuorumPolicy(int? Count)
{
    public int Required(int observers) => Count ?? (observers / 2) + 1;
}
