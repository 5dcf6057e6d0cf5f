using Failover.Core.Replication;

namespace Failover.Postgres.Rejoin;

/// <param name="DataDirectory">The old member's data directory on this host.</param>
/// <param name="NewPrimary">How to reach the new primary over SQL (the replication connection uses the same host, port and user).</param>
/// <param name="SlotName">The physical replication slot to stream from (created on the new primary when missing).</param>
/// <param name="ServerOptions">Options for <c>pg_ctl start -o</c> (port, listen addresses…), or null.</param>
/// <param name="LogFile">Server log for <c>pg_ctl start -l</c>, or null.</param>
/// <param name="Timeout">Bound of the whole rejoin, including the wait until the member streams.</param>
public sealed record RejoinRequest(
    string DataDirectory, DatabaseMember NewPrimary, string SlotName, string? ServerOptions, string? LogFile, TimeSpan Timeout);
