namespace Failover.Core.Operations.Steps;

/// <summary>Whether an unreachable member is known not to write, and on what ground (or what is missing).</summary>
internal sealed record FenceProof(bool Proven, string Detail);
