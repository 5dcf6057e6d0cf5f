using Failover.Core.Agents;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Failover.Agent.Client;

/// <summary>Registers the site-agent seam: <see cref="HttpSiteAgents"/> (and rebuilds through the agents) when any site of the estate runs an agent, else <see cref="NoSiteAgents"/>.</summary>
public static class SiteAgentsServiceCollectionExtensions
{
    public static IServiceCollection AddFailoverSiteAgents(this IServiceCollection services, Estate estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        if (estate.Sites.Any(s => s.Agent is not null))
        {
            services.TryAddSingleton(new HttpSiteAgentsOptions());
            services.TryAddSingleton(sp => new HttpSiteAgents(estate, sp.GetRequiredService<HttpSiteAgentsOptions>()));
            services.TryAddSingleton<ISiteAgents>(sp => sp.GetRequiredService<HttpSiteAgents>());

            // A remote member is rebuilt by its own agent: the control plane shares no filesystem with it.
            services.TryAddSingleton<IStandbyRebuild>(sp => new AgentStandbyRebuild(sp.GetRequiredService<HttpSiteAgents>()));
        }
        else
        {
            services.TryAddSingleton<ISiteAgents, NoSiteAgents>();
        }

        return services;
    }
}
