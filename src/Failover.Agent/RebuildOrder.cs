using Failover.Core;

namespace Failover.Agent;

/// <summary>A rebuild asked of the agent: stream from this primary, with this application (and slot) name.</summary>
/// <param name="User">The primary's superuser for pg_rewind and the replication connection; null means <c>--db-user</c>. Its password is the agent's <c>--password-file</c>.</param>
/// <param name="Database">The database pg_rewind connects to; null means <c>postgres</c>.</param>
public sealed record RebuildOrder(Epoch Epoch, string PrimaryHost, int PrimaryPort, string? User, string ApplicationName, string? Database);
