namespace Failover.Configuration.Tests;

/// <summary>A small valid estate that tests change one line at a time.</summary>
internal static class SampleEstate
{
    public const string Yaml = """
        providers:
          - id: ovh
          - id: scaleway
        sites:
          - id: ovh-sbg
            provider: ovh
            location: Strasbourg
            failureDomain: sbg-campus
            postgres: { host: 10.1.0.10, port: 5432 }
            ingress: [203.0.113.10]
          - id: ovh-rbx
            provider: ovh
            location: Roubaix
            failureDomain: rbx-campus
            postgres: { host: 10.2.0.10 }
            ingress: [203.0.113.20]
          - id: scw-par
            provider: scaleway
            location: Paris
            failureDomain: par-dc3
            postgres: { host: 10.4.0.10, port: 5433 }
            ingress: [198.51.100.40]
        routers:
          - id: powerdns
            kind: powerdns
            url: http://127.0.0.1:8081
            zone: example.fr.
            apiKeyEnv: PDNS_API_KEY
        services:
          - id: ent-grand-est
            primary: ovh-sbg
            standbys: [ovh-rbx, scw-par]
            database: { name: ent, user: failover, passwordFile: /run/secrets/pg, replication: async,
                        maxLagBytes: 16MB, maxLagSeconds: 5 }
            health: { http: { path: /healthz } }
            traffic: { router: powerdns, name: ent.grand-est.example.fr., ttl: 30 }
            targets: { rto: 60s, rpo: 5s }
        """;

    public static string With(string original, string replacement)
    {
        Yaml.Should().Contain(original, "the test edits a line of the sample estate");
        return Yaml.Replace(original, replacement, StringComparison.Ordinal);
    }
}
