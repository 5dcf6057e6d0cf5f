namespace Failover.Core.Health;

/// <summary>Something to probe at one site; <see cref="Id"/> is unique in the estate (e.g. <c>ent-grand-est@ovh-sbg/http</c>).</summary>
public abstract record ProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout);
