namespace Failover.Core.Health;

/// <summary>Something to probe at one site; <see cref="Id"/> is unique in the estate (e.g. <c>ent-grand-est@ovh-sbg/http</c>).</summary>
public abstract record ProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout)
{
    /// <summary>
    /// Null: a witness of the site's liveness (its database member, agent, Kubernetes API, ingress), which makes the site's
    /// verdict. Set: this service's application at the site; it is reported for the service only and never makes the
    /// site unhealthy (a standby whose application is scaled to zero is still a live site).
    /// </summary>
    public string? ServiceId { get; init; }

    public bool IsApplication => ServiceId is not null;
}
