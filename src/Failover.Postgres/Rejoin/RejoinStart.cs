namespace Failover.Postgres.Rejoin;

/// <summary>Whether the rejoined member's server started, and why not.</summary>
public sealed record RejoinStart(bool Succeeded, string Detail);
