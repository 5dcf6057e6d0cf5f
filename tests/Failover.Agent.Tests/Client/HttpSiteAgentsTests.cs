using System.Net;
using System.Net.Sockets;
using Failover.Agent.Client;
using Failover.Core;
using Failover.Core.Agents;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.Agent.Tests.Client;

public sealed class HttpSiteAgentsTests
{
    [Fact]
    public async Task Status_ClosedPort_IsUnreachable()
    {
        using var agents = new HttpSiteAgents(EstateWith(new Uri($"http://127.0.0.1:{FreePort.Tcp()}")));

        var reply = await agents.StatusAsync(Member(), new Epoch(1), CancellationToken.None);

        reply.Failure.Should().Be(AgentFailure.Unreachable);
    }

    [Fact]
    public async Task Status_AgentThatNeverAnswers_IsATimeoutWithinTheCallBound()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = silent.AcceptTcpClientAsync(); // accepts, then never answers
        using var agents = new HttpSiteAgents(EstateWith(new Uri($"http://127.0.0.1:{port}")), new HttpSiteAgentsOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var reply = await agents.StatusAsync(Member(), new Epoch(1), CancellationToken.None);

        reply.Failure.Should().Be(AgentFailure.Timeout);
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
        (await accepted).Dispose();
    }

    [Fact]
    public async Task Calls_PlainHttpToANonLoopbackAgent_AreRefusedWithoutConnecting()
    {
        using var agents = new HttpSiteAgents(EstateWith(new Uri("http://192.0.2.1:7600")));

        var reply = await agents.FenceAsync(Member(), new Epoch(1), "test", CancellationToken.None);

        reply.Failure.Should().Be(AgentFailure.Refused);
        reply.Detail.Should().Contain("loopback");
    }

    [Fact]
    public void Covers_OnlyMembersOfSitesWithAnAgent()
    {
        using var agents = new HttpSiteAgents(EstateWith(new Uri("http://127.0.0.1:1")));

        agents.Covers(Member()).Should().BeTrue();
        agents.Covers(Member() with { SiteId = "elsewhere" }).Should().BeFalse();
    }

    [Fact]
    public async Task Calls_UnreadableTlsFiles_AreRefusedNotThrown()
    {
        var tls = new AgentTlsSpec("/nonexistent/ca.pem", "/nonexistent/cert.pem", "/nonexistent/key.pem");
        using var agents = new HttpSiteAgents(EstateWith(new Uri("https://127.0.0.1:1"), tls));

        var reply = await agents.StatusAsync(Member(), new Epoch(1), CancellationToken.None);

        reply.Failure.Should().Be(AgentFailure.Refused);
        reply.Detail.Should().Contain("TLS files");
    }

    [Fact]
    public void AddFailoverSiteAgents_ChoosesHttpOnlyWhenASiteRunsAnAgent()
    {
        using var withAgents = new ServiceCollection().AddFailoverSiteAgents(EstateWith(new Uri("http://127.0.0.1:1"))).BuildServiceProvider();
        using var without = new ServiceCollection().AddFailoverSiteAgents(new Estate([], [], [], [], [], [])).BuildServiceProvider();

        withAgents.GetRequiredService<ISiteAgents>().Should().BeOfType<HttpSiteAgents>();
        without.GetRequiredService<ISiteAgents>().Should().BeOfType<NoSiteAgents>();
    }

    internal static Estate EstateWith(Uri agentUrl, AgentTlsSpec? tls = null, string siteId = "sbg") =>
        new([], [new Site(siteId, "ovh", "Strasbourg", "fd-sbg", [], [], null, 1) { Agent = new SiteAgentSpec(agentUrl) }], [], [], [], []) { AgentTls = tls };

    internal static DatabaseMember Member(string siteId = "sbg") =>
        new("ent-test", siteId, new HostEndpoint("127.0.0.1", 5432), "postgres", "postgres", new SecretReference(SecretSource.Environment, "UNUSED"));
}
