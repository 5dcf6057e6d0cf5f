using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Failover.Agent.Client;
using Failover.Agent.Tests.Client;
using Failover.Core;
using Failover.Core.Agents;
using Failover.Core.Topology;

namespace Failover.Agent.Tests;

public sealed class MutualTlsTests
{
    [Fact]
    public async Task Api_OnlyClientsWithACertificateOfTheClientCa_AreServed()
    {
        using var certificates = new TestCertificates();
        await using var agent = await AgentUnderTest.CreateAsync();
        var options = new AgentOptions
        {
            ServiceId = agent.Options.ServiceId, SiteId = agent.Options.SiteId, DataDirectory = agent.Options.DataDirectory,
            StateDirectory = agent.Options.StateDirectory, Listen = agent.Options.Listen, PostgresBin = agent.Options.PostgresBin,
            PostgresOptions = agent.Options.PostgresOptions, RunAs = agent.Options.RunAs, DbPort = agent.Options.DbPort,
            PasswordFile = agent.Options.PasswordFile, ServerLog = agent.Options.ServerLog,
            CertificateFile = certificates.ServerCertificateFile, KeyFile = certificates.ServerKeyFile, ClientCaFile = certificates.CaFile,
        };
        await using var app = AgentHost.Build(options, _ => { });
        await app.StartAsync();
        var url = new Uri($"https://{options.Listen}");

        using (var anonymous = Client(null))
        {
            var response = await anonymous.GetAsync(new Uri(url, "/v1/status?epoch=1"));
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await AgentUnderTest.ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain("client certificate");
        }

        using (var intruder = Client(X509Certificate2.CreateFromPemFile(certificates.RogueCertificateFile, certificates.RogueKeyFile)))
        {
            var response = await intruder.GetAsync(new Uri(url, "/v1/status?epoch=1"));
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a certificate not chained to --client-ca is refused");
        }

        var tls = new AgentTlsSpec(certificates.CaFile, certificates.ClientCertificateFile, certificates.ClientKeyFile);
        using var agents = new HttpSiteAgents(HttpSiteAgentsTests.EstateWith(url, tls, agent.Options.SiteId), new HttpSiteAgentsOptions { CallTimeout = TimeSpan.FromSeconds(10) });
        var member = HttpSiteAgentsTests.Member(agent.Options.SiteId);

        var granted = await agents.GrantLeaseAsync(member, new LeaseGrant(new Epoch(5), TimeSpan.FromSeconds(30), false, "observer-a"), CancellationToken.None);
        granted.Failure.Should().Be(AgentFailure.None, granted.Detail);
        granted.Status!.HighestEpoch.Should().Be(new Epoch(5));
        granted.Status.Member.Role.Should().Be(Core.Replication.DatabaseRole.Standby);

        (await agents.GrantLeaseAsync(member, new LeaseGrant(new Epoch(4), TimeSpan.FromSeconds(30), true, "observer-b"), CancellationToken.None))
            .Failure.Should().Be(AgentFailure.StaleEpoch);
        (await agents.StatusAsync(member, new Epoch(0), CancellationToken.None)).Failure.Should().Be(AgentFailure.Refused, "epoch 0 is a malformed call");
        (await agents.StatusAsync(member, new Epoch(5), CancellationToken.None)).Status!.Fenced.Should().BeTrue();
        await app.StopAsync();
    }

    private static HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, server, _, _) => server?.Subject == "CN=agent", // the test agent; this client probes its refusals
                ClientCertificates = certificate is null ? null : new X509CertificateCollection { X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null) },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
