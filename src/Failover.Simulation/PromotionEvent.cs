using Failover.Core;

namespace Failover.Simulation;

/// <summary>A promotion as it happened in the simulated world, for the RPO invariant.</summary>
internal sealed record PromotionEvent(string ServiceId, string SiteId, Epoch Epoch, string? OldPrimarySiteId, long TrueLossBytes, ulong? EngineSeenLsn, ulong TargetReplayLsn, DateTimeOffset At);
