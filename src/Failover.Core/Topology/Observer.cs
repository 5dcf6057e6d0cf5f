namespace Failover.Core.Topology;

/// <summary>A control-plane instance that probes; observers sit in different failure domains and vote on site loss.</summary>
public sealed record Observer(string Id, string FailureDomain, Uri? Url);
