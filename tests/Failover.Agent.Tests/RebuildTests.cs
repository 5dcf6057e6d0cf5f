using Failover.Agent.Client;
using Failover.Agent.Tests.Client;
using Failover.Core;
using Failover.Core.Replication;
using Failover.Testing;

namespace Failover.Agent.Tests;

public sealed class RebuildTests
{
    [Fact]
    public async Task Rebuild_FencedOldPrimary_StreamsFromTheNewPrimary()
    {
        await using var agent = await AgentUnderTest.CreateAsync(standbys: 1);
        var promoted = agent.Cluster.Standbys[0];
        await promoted.ExecuteAsync("SELECT pg_promote()", "postgres");
        await PostgresInstance.WaitUntilAsync(async () => !await promoted.ScalarAsync<bool>("SELECT pg_is_in_recovery()", "postgres"), TimeSpan.FromSeconds(30), "the promotion");
        await promoted.ExecuteAsync("CREATE TABLE after_failover (x int); INSERT INTO after_failover VALUES (42)", "postgres");
        await agent.StartAsync();
        (await agent.StatusAsync()).Fenced.Should().BeTrue();
        using var agents = new HttpSiteAgents(HttpSiteAgentsTests.EstateWith(new Uri($"http://{agent.Options.Listen}"), siteId: agent.Member.Name));
        var rebuild = new AgentStandbyRebuild(agents);

        var result = await rebuild.RebuildAsStandbyAsync(
            HttpSiteAgentsTests.Member(agent.Member.Name), agent.Cluster.Member(promoted), new Epoch(2), CancellationToken.None);

        result.Succeeded.Should().BeTrue(result.Detail);
        var status = await agent.StatusAsync(2);
        status.Fenced.Should().BeFalse("the member is a real standby now");
        status.Member.Role.Should().Be(DatabaseRole.Standby);
        status.Member.ReceiverStreaming.Should().BeTrue();
        status.HighestEpoch.Should().Be(new Epoch(2));
        await PostgresCluster.WaitForReplayAsync(promoted, agent.Member);
        (await agent.Member.ScalarAsync<int>("SELECT x FROM after_failover", "postgres")).Should().Be(42);
    }
}
