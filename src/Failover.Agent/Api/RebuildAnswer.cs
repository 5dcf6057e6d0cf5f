namespace Failover.Agent.Api;

/// <summary>What <c>POST /v1/rebuild</c> answers: how the member rejoined, whether it streams, what it discarded.</summary>
public sealed record RebuildAnswer(bool Succeeded, string? Path, bool Streaming, long? DiscardedWalBytes, string? Detail, double DurationMs);
