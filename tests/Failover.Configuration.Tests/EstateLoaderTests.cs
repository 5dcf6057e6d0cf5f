using System.Net;
using Failover.Core.Topology;
using Failover.Testing;

namespace Failover.Configuration.Tests;

public class EstateLoaderTests
{
    [Fact]
    public void Load_SampleEstate_ResolvesEveryField()
    {
        var result = EstateLoader.Load(SampleEstate.Yaml);

        result.Diagnostics.Should().BeEmpty();
        var estate = result.Estate!;
        estate.Sites.Select(s => s.Id).Should().Equal("ovh-sbg", "ovh-rbx", "scw-par");
        estate.Site("ovh-rbx").Postgres.Should().Equal(new HostEndpoint("10.2.0.10", 5432));
        estate.Site("scw-par").Ingress.Should().Equal(IPAddress.Parse("198.51.100.40"));

        var service = estate.Service("ent-grand-est");
        service.PrimarySiteId.Should().Be("ovh-sbg");
        service.StandbySiteIds.Should().Equal("ovh-rbx", "scw-par");
        service.Database.Password.Should().Be(new SecretReference(SecretSource.File, "/run/secrets/pg"));
        service.Database.Budget.Should().Be(new RpoBudget(16L * 1024 * 1024, TimeSpan.FromSeconds(5)));
        service.Traffic.Should().Be(new TrafficSpec("powerdns", "ent.grand-est.example.fr.", TimeSpan.FromSeconds(30)));
        service.Targets.Should().Be(new ServiceTargets(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5)));
        service.Health.Http!.Path.Should().Be("/healthz");

        estate.PolicyOf(service).Should().Be(Defaults.Policy, "a service without a policy gets the built-in default");
        estate.RouterOf(service).Should().BeOfType<PowerDnsRouterSpec>()
            .Which.ApiKey.Should().Be(new SecretReference(SecretSource.Environment, "PDNS_API_KEY"));
    }

    [Fact]
    public void Load_ExampleEstateUnderManifests_IsValidAndCoversTheSixRegions()
    {
        var path = Repository.PathOf("manifests", "estate.example.yaml");

        var result = EstateLoader.LoadFile(path);

        result.Diagnostics.Should().BeEmpty();
        result.Estate!.Services.Should().HaveCount(6);
        result.Estate.Sites.Select(s => s.ProviderId).Distinct().Should().HaveCountGreaterThanOrEqualTo(2);
        result.Estate.Sites.Should().HaveCountGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Load_PolicyWithAllFields_ParsesUnitsAndShares()
    {
        var yaml = SampleEstate.Yaml + """

            policies:
              - id: default
                automaticFailover: false
                detection: { interval: 500ms, gracePeriod: 1m30s, failuresToSuspect: 1, failuresToDown: 4, successesToRecover: 2 }
                quorum: 1
                flapDamping: 2h
                massFailureBrake: 40%
                approval: { twoPersonRule: false, requestExpiry: 10m, switchovers: true }
            """;

        var policy = EstateLoader.Load(yaml).Estate!.Policies.Single();

        policy.Should().Be(new Policy(
            "default", false,
            new DetectionPolicy(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(90), 1, 4, 2),
            new QuorumPolicy(1), TimeSpan.FromHours(2), 0.4,
            new ApprovalPolicy(false, TimeSpan.FromMinutes(10), true)));
    }

    [Fact]
    public void Load_SiteAgentsTlsAndLease_AreParsed()
    {
        var yaml = SampleEstate.With("ingress: [203.0.113.10]", "ingress: [203.0.113.10]\n    agent: { url: https://pg-sbg.example.fr:7443 }")
            .Replace("ingress: [203.0.113.20]", "ingress: [203.0.113.20]\n    agent: { url: http://127.0.0.1:7501 }", StringComparison.Ordinal) + """

            agents: { caFile: /etc/failover/agents-ca.pem, certFile: /etc/failover/cp.pem, keyFile: /etc/failover/cp-key.pem }
            policies:
              - id: default
                lease: { ttl: 5s, driftMargin: 500ms }
            """;

        var result = EstateLoader.Load(yaml);

        result.Diagnostics.Should().BeEmpty();
        var estate = result.Estate!;
        estate.Site("ovh-sbg").Agent.Should().Be(new SiteAgentSpec(new Uri("https://pg-sbg.example.fr:7443")));
        estate.Site("ovh-rbx").Agent!.Url.Should().Be(new Uri("http://127.0.0.1:7501"), "plain http is accepted for a loopback agent");
        estate.Site("scw-par").Agent.Should().BeNull();
        estate.AgentTls.Should().Be(new AgentTlsSpec("/etc/failover/agents-ca.pem", "/etc/failover/cp.pem", "/etc/failover/cp-key.pem"));
        estate.Policies.Single().Lease.Should().Be(new LeasePolicy(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void Load_PolicyWithoutLease_GetsTheStatedDefault()
    {
        var yaml = SampleEstate.Yaml + """

            policies:
              - id: default
                lease: { ttl: 6s }
              - id: strict
            """;

        var policies = EstateLoader.Load(yaml).Estate!.Policies;

        policies.Single(p => p.Id == "default").Lease.Should().Be(new LeasePolicy(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(1)), "an unset margin keeps its default");
        policies.Single(p => p.Id == "strict").Lease.Should().Be(LeasePolicy.Default).And.Be(new LeasePolicy(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Load_Rfc2136RouterWithTsig_ParsesServerAndSecret()
    {
        var yaml = SampleEstate.With("    apiKeyEnv: PDNS_API_KEY\n", """
                apiKeyEnv: PDNS_API_KEY
              - id: bind
                kind: rfc2136
                server: 10.0.2.53:5353
                zone: ent.example.fr
                tsig: { name: failover-key, secretEnv: TSIG_SECRET }
                nameservers: ["10.0.2.53", "10.0.3.53:53"]

            """);

        var router = EstateLoader.Load(yaml).Estate!.Routers.OfType<Rfc2136RouterSpec>().Single();

        router.Server.Should().Be(new HostEndpoint("10.0.2.53", 5353));
        router.Zone.Should().Be("ent.example.fr.", "zones are made absolute");
        router.TsigKeyName.Should().Be("failover-key");
        router.TsigAlgorithm.Should().Be("hmac-sha256");
        router.TsigSecret.Should().Be(new SecretReference(SecretSource.Environment, "TSIG_SECRET"));
        router.Nameservers.Should().Equal(new HostEndpoint("10.0.2.53", 53), new HostEndpoint("10.0.3.53", 53));
    }
}
