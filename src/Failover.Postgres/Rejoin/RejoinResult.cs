using Failover.Core.Replication;

namespace Failover.Postgres.Rejoin;

/// <param name="DivergedAt">Where the old member's timeline left the new primary's history (from pg_rewind).</param>
/// <param name="DiscardedWalBytes">WAL the old member had written past <see cref="DivergedAt"/>, now discarded.</param>
/// <param name="DivergedWalCopy">Where the old member's WAL was copied before pg_rewind discarded the diverged part: the writes only it had, for pg_waldump.</param>
public sealed record RejoinResult(
    bool Succeeded, RejoinPath? Path, Lsn? DivergedAt, long? DiscardedWalBytes, bool Streaming, string? Detail, TimeSpan Duration, string? DivergedWalCopy = null);
