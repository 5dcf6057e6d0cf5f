namespace Failover.Core.Topology;

/// <summary>Where a secret lives; the value itself never appears in configuration, logs or exceptions.</summary>
public sealed record SecretReference(SecretSource Source, string Location)
{
    public override string ToString() => Source == SecretSource.Environment ? $"env:{Location}" : $"file:{Location}";
}
