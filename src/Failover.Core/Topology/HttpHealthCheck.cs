namespace Failover.Core.Topology;

public sealed record HttpHealthCheck(string Scheme, int Port, string Path, int ExpectedStatus, string? BodyContains, TimeSpan Timeout);
