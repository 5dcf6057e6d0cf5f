using Failover.Core.Topology;

namespace Failover.Configuration.Tests;

/// <summary>Each rule: one edit of the sample estate, the diagnostic it must produce, where.</summary>
public class ValidationRuleTests
{
    public static TheoryData<string, string, string, string, string> Errors => new()
    {
        // name, original text, replacement, expected "path: message" start, text on the line it must point at
        { "unknown standby site", "standbys: [ovh-rbx, scw-par]", "standbys: [ovh-rbz, scw-par]", "services[ent-grand-est].standbys[0]: unknown site 'ovh-rbz' (did you mean 'ovh-rbx'?)", "ovh-rbz" },
        { "standby equal to primary", "standbys: [ovh-rbx, scw-par]", "standbys: [ovh-rbx, ovh-sbg]", "services[ent-grand-est].standbys[1]: standby 'ovh-sbg' is the primary site", "ovh-rbx, ovh-sbg" },
        { "standby listed twice", "standbys: [ovh-rbx, scw-par]", "standbys: [ovh-rbx, ovh-rbx]", "services[ent-grand-est].standbys[1]: standby 'ovh-rbx' is listed twice", "ovh-rbx, ovh-rbx" },
        { "unknown primary", "primary: ovh-sbg", "primary: ovh-sgb", "services[ent-grand-est].primary: unknown site 'ovh-sgb' (did you mean 'ovh-sbg'?)", "primary: ovh-sgb" },
        { "unknown provider", "provider: scaleway", "provider: scalway", "sites[scw-par].provider: unknown provider 'scalway' (did you mean 'scaleway'?)", "provider: scalway" },
        { "unknown router", "router: powerdns", "router: powerdsn", "services[ent-grand-est].traffic.router: unknown router 'powerdsn' (did you mean 'powerdns'?)", "router: powerdsn" },
        { "unknown policy", "    primary: ovh-sbg", "    policy: strict\n    primary: ovh-sbg", "services[ent-grand-est].policy: unknown policy 'strict'", "policy: strict" },
        { "duplicate site id", "id: scw-par", "id: ovh-rbx", "sites[ovh-rbx]: duplicate id 'ovh-rbx'", "id: ovh-rbx" },
        { "async without budget", "replication: async,\n                maxLagBytes: 16MB, maxLagSeconds: 5 }", "replication: async }", "services[ent-grand-est].database: async replication needs an RPO budget", "database:" },
        { "zero maxLagSeconds", "replication: async,\n                maxLagBytes: 16MB, maxLagSeconds: 5 }", "replication: sync, maxLagSeconds: 0 }", "services[ent-grand-est].database.maxLagSeconds: must be above 0", "maxLagSeconds: 0" },
        { "malformed duration", "rto: 60s", "rto: 60 seconds", "services[ent-grand-est].targets.rto: expected a duration such as 500ms, 5s, 1m30s, 2h or 1d, found '60 seconds'", "rto: 60 seconds" },
        { "malformed size", "maxLagBytes: 16MB", "maxLagBytes: 16 megs", "services[ent-grand-est].database.maxLagBytes: expected a size", "16 megs" },
        { "inline secret", "passwordFile: /run/secrets/pg", "password: hunter2", "services[ent-grand-est].database.password: secrets must not be written inline", "password: hunter2" },
        { "inline router key", "apiKeyEnv: PDNS_API_KEY", "apiKey: s3cr3t", "routers[powerdns].apiKey: secrets must not be written inline", "apiKey: s3cr3t" },
        { "unknown key", "ttl: 30 }", "ttl: 30, tll: 5 }", "services[ent-grand-est].traffic.tll: unknown field 'tll' (did you mean 'ttl'?)", "tll: 5" },
        { "unknown top-level key", "providers:", "sevices: []\nproviders:", "sevices: unknown field 'sevices' (did you mean 'services'?)", "sevices" },
        { "wrong type: list for scalar", "location: Paris", "location: [Paris]", "sites[scw-par].location: expected a text value, found a list", "location: [Paris]" },
        { "wrong type: text for number", "port: 5433", "port: five", "sites[scw-par].postgres[0].port: expected a whole number from 1 to 65535, found 'five'", "port: five" },
        { "missing required field", "    primary: ovh-sbg\n", "", "services[ent-grand-est]: missing required field 'primary'", "id: ent-grand-est" },
        { "bad ingress address", "ingress: [198.51.100.40]", "ingress: [198.51.100.400]", "sites[scw-par].ingress[0]: expected an IPv4 or IPv6 address, found '198.51.100.400'", "198.51.100.400" },
        { "dns name outside zone", "name: ent.grand-est.example.fr.", "name: ent.grand-est.example.com.", "services[ent-grand-est].traffic.name: 'ent.grand-est.example.com.' is not inside the zone 'example.fr.'", "example.com." },
        { "unknown router kind", "kind: powerdns", "kind: powerdsn", "routers[powerdns].kind: expected one of powerdns, rfc2136, edge, found 'powerdsn' (did you mean 'powerdns'?)", "kind: powerdsn" },
        { "agent over plain http to another host", "ingress: [198.51.100.40]", "ingress: [198.51.100.40]\n    agent: { url: http://pg-par.example.fr:7443 }", "sites[scw-par].agent.url: plain http is accepted only for a loopback host", "pg-par.example.fr" },
        { "agent url not a url", "ingress: [198.51.100.40]", "ingress: [198.51.100.40]\n    agent: { url: pg-par:7443 }", "sites[scw-par].agent.url: expected an absolute URL such as https://pg-sbg.example.fr:7443, found 'pg-par:7443'", "pg-par:7443" },
        { "agent without url", "ingress: [198.51.100.40]", "ingress: [198.51.100.40]\n    agent: { }", "sites[scw-par].agent: missing required field 'url'", "agent: { }" },
        { "https agent without TLS files", "ingress: [198.51.100.40]", "ingress: [198.51.100.40]\n    agent: { url: https://pg-par.example.fr:7443 }", "agents: missing: sites[scw-par].agent.url is https, so the control plane needs its mutual TLS files", "providers:" },
        { "agent TLS without a key", "providers:", "agents: { caFile: /etc/failover/ca.pem, certFile: /etc/failover/cp.pem }\nproviders:", "agents: missing required field 'keyFile'", "agents:" },
        { "lease ttl of zero", "providers:", "policies:\n  - id: default\n    lease: { ttl: 0s }\nproviders:", "policies[default].lease.ttl: must be above 0", "ttl: 0s" },
        { "negative drift margin", "providers:", "policies:\n  - id: default\n    lease: { ttl: 3s, driftMargin: -1s }\nproviders:", "policies[default].lease.driftMargin:", "driftMargin: -1s" },
        { "unknown lease field", "providers:", "policies:\n  - id: default\n    lease: { ttl: 3s, margin: 1s }\nproviders:", "policies[default].lease.margin: unknown field 'margin'", "margin: 1s" },
        { "unknown replication mode", "replication: async", "replication: asinc", "services[ent-grand-est].database.replication: expected one of async, sync, found 'asinc' (did you mean 'async'?)", "asinc" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Load_BrokenEstate_ReportsTheRuleWithPathAndLine(string rule, string original, string replacement, string expected, string pointsAt)
    {
        var yaml = SampleEstate.With(original, replacement);
        var line = LineOf(yaml, pointsAt);

        var result = EstateLoader.Load(yaml);

        result.IsValid.Should().BeFalse(rule);
        result.Errors.Should().Contain(d => $"{d.Path}: {d.Message}".StartsWith(expected, StringComparison.Ordinal) && d.Line == line,
            $"rule '{rule}' must be reported at line {line}; got: {string.Join(" | ", result.Diagnostics.Select(d => d.Format("f")))}");
    }

    [Fact]
    public void Load_SyncServiceWithoutMaxLagSeconds_GetsTheStatedDefaultBudget()
    {
        var yaml = SampleEstate.With("replication: async,\n                maxLagBytes: 16MB, maxLagSeconds: 5 }", "replication: sync }");

        var result = EstateLoader.Load(yaml);

        result.Diagnostics.Should().BeEmpty();
        result.Estate!.Service("ent-grand-est").Database.Budget.Should().Be(new RpoBudget(null, Defaults.SyncMaxLag), "a sync service has a budget too");
        Defaults.SyncMaxLag.Should().Be(TimeSpan.FromSeconds(10), "the README states it");
        EstateLoader.Load(SampleEstate.With("replication: async,\n                maxLagBytes: 16MB, maxLagSeconds: 5 }", "replication: async }"))
            .Errors.Should().ContainSingle().Which.Message.Should().EndWith("or use replication: sync (whose maxLagSeconds defaults to 10s)");
    }

    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((l, i) => (Line: l, Number: i + 1)).Last(x => x.Line.Contains(text, StringComparison.Ordinal)).Number;

    [Fact]
    public void Load_EdgeRoutedServiceWithoutHttpHealth_IsRefused()
    {
        var yaml = SampleEstate.With("    apiKeyEnv: PDNS_API_KEY\n", "    apiKeyEnv: PDNS_API_KEY\n  - { id: edge, kind: edge }\n")
            .Replace("    health: { http: { path: /healthz } }\n", "", StringComparison.Ordinal)
            .Replace("router: powerdns,", "router: edge,", StringComparison.Ordinal);

        var result = EstateLoader.Load(yaml);

        result.Errors.Should().ContainSingle().Which.Should().Match<ConfigDiagnostic>(d =>
            d.Path == "services[ent-grand-est].traffic.router" && d.Message.Contains("needs health.http"));
    }

    [Fact]
    public void Load_StandbyInSameFailureDomain_IsAWarningNotAnError()
    {
        var result = EstateLoader.Load(SampleEstate.With("failureDomain: rbx-campus", "failureDomain: sbg-campus"));

        result.IsValid.Should().BeTrue();
        result.Warnings.Should().ContainSingle().Which.Message.Should().Contain("same failure domain 'sbg-campus' as the primary");
    }

    [Fact]
    public void Load_TwoServicesClaimingOneDnsName_ReportsTheSecond()
    {
        var second = """

              - id: ent-occitanie
                primary: scw-par
                standbys: [ovh-rbx]
                database: { name: ent, user: failover, passwordEnv: PG, replication: sync }
                traffic: { router: powerdns, name: ENT.grand-est.example.fr }
            """;

        var result = EstateLoader.Load(SampleEstate.Yaml + second);

        result.Errors.Should().ContainSingle().Which.Should().Match<ConfigDiagnostic>(d =>
            d.Path == "services[ent-occitanie].traffic.name" && d.Message.Contains("already claimed by service 'ent-grand-est'"));
    }

    [Fact]
    public void Load_SeveralProblems_ReportsAllOfThemInDocumentOrder()
    {
        var yaml = SampleEstate.Yaml
            .Replace("provider: scaleway", "provider: scalway", StringComparison.Ordinal)
            .Replace("rto: 60s", "rto: soon", StringComparison.Ordinal)
            .Replace("ttl: 30 }", "ttl: 30, tll: 5 }", StringComparison.Ordinal);

        var result = EstateLoader.Load(yaml);

        result.Errors.Select(d => d.Path).Should().Equal(
            "sites[scw-par].provider", "services[ent-grand-est].traffic.tll", "services[ent-grand-est].targets.rto");
    }

    [Fact]
    public void Load_QuorumLargerThanObservers_IsRefused()
    {
        var yaml = SampleEstate.Yaml + """

            observers:
              - { id: obs-rbx, failureDomain: rbx-campus }
              - { id: obs-par, failureDomain: par-dc3 }
            policies:
              - { id: default, quorum: 3 }
            """;

        var result = EstateLoader.Load(yaml);

        result.Errors.Should().ContainSingle().Which.Message.Should().Be("quorum of 3 observers can never be reached: the estate declares 2");
    }

    [Fact]
    public void Load_TwoActingObservers_IsRefused()
    {
        var yaml = SampleEstate.Yaml + """

            observers:
              - { id: obs-rbx, failureDomain: rbx-campus, acts: true }
              - { id: obs-par, failureDomain: par-dc3, acts: true }
            """;

        var result = EstateLoader.Load(yaml);

        result.Errors.Should().ContainSingle().Which.Message.Should().StartWith("2 observers say acts: true (obs-rbx, obs-par)");
    }

    [Fact]
    public void Load_SeveralObserversNoneActing_IsAWarning()
    {
        var yaml = SampleEstate.Yaml + """

            observers:
              - { id: obs-rbx, failureDomain: rbx-campus }
              - { id: obs-par, failureDomain: par-dc3 }
            """;

        var result = EstateLoader.Load(yaml);

        result.Errors.Should().BeEmpty();
        result.Warnings.Should().ContainSingle().Which.Message.Should().Contain("no observer says acts: true");
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("# only a comment\n", "the file is empty")]
    [InlineData("- just\n- a list\n", "expected a mapping")]
    [InlineData("sites: []\nservices: []\n", "an estate needs at least one site")]
    public void Load_DegenerateDocument_ExplainsWhatAnEstateNeeds(string yaml, string expected)
    {
        EstateLoader.Load(yaml).Errors.Should().ContainSingle().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Load_MalformedYaml_ReportsTheLineAndColumn()
    {
        var result = EstateLoader.Load("sites:\n  - id: a\n    location: [Paris\n");

        var error = result.Errors.Should().ContainSingle().Subject;
        error.Message.Should().StartWith("malformed YAML:");
        error.Line.Should().BeInRange(3, 4);
        error.Column.Should().BePositive();
    }

    [Fact]
    public void Load_DuplicateKey_IsMalformedYamlAtTheSecondKey()
    {
        var result = EstateLoader.Load("sites:\n  - id: a\n    id: b\n");

        result.Errors.Should().ContainSingle().Which.Should().Match<ConfigDiagnostic>(d => d.Line == 3 && d.Message.Contains("Duplicate key"));
    }
}
