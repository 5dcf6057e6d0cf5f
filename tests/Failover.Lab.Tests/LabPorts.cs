namespace Failover.Lab.Tests;

/// <summary>Tests that start the lab on its documented fixed ports: they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LabPorts
{
    public const string Name = "lab on its fixed ports";
}
