using Failover.Core.Topology;

namespace Failover.Configuration.Tests;

/// <summary>A service's primaryPointer (how its application finds the database primary at a site) in the estate file.</summary>
public class WorkloadsPointerTests
{
    private const string HealthLine = "    health: { http: { path: /healthz } }\n";

    private static string WithWorkloads(string pointer) => SampleEstate.With(HealthLine, HealthLine + """
            workloads:
              - { kind: Deployment, name: ent-web, activeReplicas: 3, standbyReplicas: 1 }
              - { kind: StatefulSet, name: ent-cache, activeReplicas: 2 }

        """ + pointer);

    [Fact]
    public void Load_NoPointer_KeepsWorkloadsAndHasNone()
    {
        var result = EstateLoader.Load(WithWorkloads(""));

        result.IsValid.Should().BeTrue(string.Join(" | ", result.Diagnostics.Select(d => d.Format("f"))));
        var service = result.Estate!.Service("ent-grand-est");
        service.Workloads.Should().HaveCount(2);
        service.PrimaryPointer.Should().BeNull();
    }

    [Fact]
    public void Load_ExternalNamePointer_DefaultsThePortAnnotation()
    {
        var result = EstateLoader.Load(WithWorkloads("    primaryPointer: { kind: externalName, service: ent-db }\n"));

        result.IsValid.Should().BeTrue(string.Join(" | ", result.Diagnostics.Select(d => d.Format("f"))));
        result.Estate!.Service("ent-grand-est").PrimaryPointer.Should().BeEquivalentTo(
            new PrimaryPointer(PrimaryPointerKind.ExternalName, "ent-db", null, "failover.io/primary-port", []));
    }

    [Fact]
    public void Load_ExternalNamePointer_TakesAPortAnnotation()
    {
        var result = EstateLoader.Load(WithWorkloads("    primaryPointer: { kind: externalName, service: ent-db, portAnnotation: ent.example.fr/db-port }\n"));

        result.Estate!.Service("ent-grand-est").PrimaryPointer!.PortAnnotation.Should().Be("ent.example.fr/db-port");
    }

    [Theory]
    [InlineData("configMap", PrimaryPointerKind.ConfigMap)]
    [InlineData("secret", PrimaryPointerKind.Secret)]
    public void Load_KeyPointer_ReadsNameKeyAndRestart(string kind, PrimaryPointerKind expected)
    {
        var result = EstateLoader.Load(WithWorkloads($"    primaryPointer: {{ kind: {kind}, name: ent-db, key: DATABASE_ADDRESS, restart: [ent-web] }}\n"));

        result.IsValid.Should().BeTrue(string.Join(" | ", result.Diagnostics.Select(d => d.Format("f"))));
        var pointer = result.Estate!.Service("ent-grand-est").PrimaryPointer!;
        pointer.Kind.Should().Be(expected);
        pointer.Name.Should().Be("ent-db");
        pointer.Key.Should().Be("DATABASE_ADDRESS");
        pointer.Restart.Should().Equal("ent-web");
    }

    [Fact]
    public void Load_KeyPointerWithoutRestart_RestartsAllWorkloads()
    {
        var result = EstateLoader.Load(WithWorkloads("    primaryPointer: { kind: configMap, name: ent-db, key: DATABASE_ADDRESS }\n"));

        result.Estate!.Service("ent-grand-est").PrimaryPointer!.Restart.Should().BeEmpty("empty means every workload of the service");
    }

    public static TheoryData<string, string, string> Errors => new()
    {
        { "    primaryPointer: { service: ent-db }\n", "services[ent-grand-est].primaryPointer", "missing required field 'kind'" },
        { "    primaryPointer: { kind: externalNme, service: ent-db }\n", "services[ent-grand-est].primaryPointer.kind", "expected one of externalname, configmap, secret, found 'externalNme'" },
        { "    primaryPointer: { kind: externalName }\n", "services[ent-grand-est].primaryPointer", "missing required field 'service'" },
        { "    primaryPointer: { kind: externalName, service: Ent_DB }\n", "services[ent-grand-est].primaryPointer.service", "expected a Kubernetes object name" },
        { "    primaryPointer: { kind: externalName, service: ent-db, key: X }\n", "services[ent-grand-est].primaryPointer.key", "unknown field 'key'" },
        { "    primaryPointer: { kind: externalName, service: ent-db, portAnnotation: 'a b' }\n", "services[ent-grand-est].primaryPointer.portAnnotation", "expected an annotation key" },
        { "    primaryPointer: { kind: configMap, name: ent-db }\n", "services[ent-grand-est].primaryPointer", "missing required field 'key'" },
        { "    primaryPointer: { kind: secret, name: ent-db, key: 'a/b' }\n", "services[ent-grand-est].primaryPointer.key", "expected a ConfigMap/Secret key" },
        { "    primaryPointer: { kind: configMap, name: ent-db, key: K, restart: [ent-wbe] }\n", "services[ent-grand-est].primaryPointer.restart[0]", "unknown workload 'ent-wbe'" },
        { "    primaryPointer: { kind: configMap, name: ent-db, key: K, restrat: [ent-web] }\n", "services[ent-grand-est].primaryPointer.restrat", "unknown field 'restrat' (did you mean 'restart'?)" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Load_BadPointer_NamesTheField(string yaml, string path, string message)
    {
        var result = EstateLoader.Load(WithWorkloads(yaml));

        result.IsValid.Should().BeFalse();
        result.Errors.Should().Contain(d => d.Path == path && d.Message.StartsWith(message, StringComparison.Ordinal),
            string.Join(" | ", result.Diagnostics.Select(d => d.Format("f"))));
    }

    [Fact]
    public void Load_PointerWithoutWorkloads_IsRefused()
    {
        var result = EstateLoader.Load(SampleEstate.With(HealthLine, HealthLine + "    primaryPointer: { kind: externalName, service: ent-db }\n"));

        result.Errors.Should().ContainSingle().Which.Should().Match<ConfigDiagnostic>(d =>
            d.Path == "services[ent-grand-est].primaryPointer" && d.Message.Contains("needs the service's workloads"));
    }
}
