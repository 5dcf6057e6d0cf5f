namespace Failover.Core.Replication;

public enum DatabaseRole
{
    Unknown,
    Primary,
    Standby,
}
