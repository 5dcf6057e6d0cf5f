namespace Failover.Core.Topology;

/// <summary>
/// Where the control plane reaches the site agent that runs beside the site's PostgreSQL member (estate:
/// <c>sites[].agent</c>). An <c>https</c> URL is called with mutual TLS (<see cref="AgentTlsSpec"/>); plain <c>http</c>
/// is accepted only for a loopback address (the lab without network namespaces, agents run <c>--insecure-loopback</c>).
/// </summary>
public sealed record SiteAgentSpec(Uri Url);
