namespace Failover.Postgres.Rejoin;

/// <summary>How an old member was turned into a standby of the new primary.</summary>
public enum RejoinPath
{
    /// <summary>The timelines had not diverged: only the standby configuration was written.</summary>
    NoRewindNeeded,

    /// <summary>pg_rewind discarded the diverged WAL and copied what changed from the new primary.</summary>
    Rewind,

    /// <summary>pg_rewind was impossible or failed: the data directory was replaced by a pg_basebackup copy.</summary>
    BaseBackup,
}
