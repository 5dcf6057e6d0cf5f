using Failover.Postgres.Rejoin;

namespace Failover.Agent;

/// <summary>Lets <see cref="PostgresRejoin"/> stop and start the member through the agent's own postmaster supervision.</summary>
internal sealed class SupervisedServerControl(SiteAgent agent) : IRejoinServerControl
{
    public Task StopAsync(RejoinRequest request, CancellationToken cancellationToken) => agent.StopServerForRejoinAsync();

    public Task<RejoinStart> StartAsync(RejoinRequest request, CancellationToken cancellationToken) => agent.StartServerForRejoinAsync(cancellationToken);
}
