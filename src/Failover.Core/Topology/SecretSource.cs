namespace Failover.Core.Topology;

public enum SecretSource
{
    Environment,
    File,
}
