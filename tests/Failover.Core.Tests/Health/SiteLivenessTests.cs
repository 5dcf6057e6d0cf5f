using Failover.Core.Health;
using Failover.Core.Operations;
using Failover.Testing;

namespace Failover.Core.Tests.Health;

/// <summary>
/// A site's verdict comes from its liveness witnesses; a service's application counts only for that service at its
/// active site. Driven through the real pipeline (targets from the estate, observers' models, quorum judge) and engine.
/// </summary>
public sealed class SiteLivenessTests
{
    [Fact]
    public async Task StandbyWithApplicationScaledToZero_IsHealthy_AndTakesOverWhenThePrimarySiteIsLost()
    {
        using var h = new EngineHarness();
        using var pipeline = new HealthPipeline(h);
        var service = h.Estate.Service("ent-1");
        service.Workloads.Should().AllSatisfy(w => w.StandbyReplicas.Should().Be(0));

        await pipeline.TickAsync(15);

        pipeline.Verdict("ovh-rbx").State.Should().Be(HealthState.Healthy, because: "its database, agent and ingress answer; no application runs there by design");
        pipeline.Verdict("ovh-rbx").Evidence.FailingProbes.Should().BeEmpty();
        pipeline.Applications.Should().ContainSingle(a => a.ServiceId == "ent-1").Which.Should().Match<ApplicationVerdict>(a => a.SiteId == "ovh-sbg" && a.State == HealthState.Healthy);

        h.World.Burned.Add("ovh-sbg");
        await pipeline.TickAsync(60);

        var failover = (await pipeline.OperationsAsync()).Should().ContainSingle(o => o.Kind == OperationKind.Failover).Which;
        failover.Plan.TargetSiteId.Should().Be("ovh-rbx");
        failover.Status.Should().Be(OperationStatus.Succeeded, because: failover.Outcome.Summary);
        h.State().PrimarySiteId.Should().Be("ovh-rbx");
        pipeline.Applications.Should().ContainSingle(a => a.ServiceId == "ent-1").Which.Should().Match<ApplicationVerdict>(
            a => a.SiteId == "ovh-rbx" && a.State == HealthState.Healthy, because: "the application is now probed where the service is active");
    }

    [Fact]
    public async Task OneServicesFailingApplication_DoesNotMakeItsSiteSuspect_ForAnother()
    {
        using var h = new EngineHarness(services: 4);
        using var pipeline = new HealthPipeline(h);
        var sbgServices = h.Estate.Services.Where(s => s.PrimarySiteId == "ovh-sbg").Select(s => s.Id).ToList();
        sbgServices.Should().HaveCountGreaterThan(1);
        var (broken, other) = (sbgServices[0], sbgServices[1]);
        pipeline.FailingApplications.Add((broken, "ovh-sbg"));

        await pipeline.TickAsync(20);

        pipeline.Verdict("ovh-sbg").State.Should().Be(HealthState.Healthy);
        pipeline.Verdict("ovh-sbg").Evidence.FailingProbes.Should().BeEmpty();
        var applications = pipeline.Applications.ToDictionary(a => a.ServiceId);
        applications[broken].State.Should().Be(HealthState.Down);
        applications[broken].FailingProbes.Keys.Should().ContainSingle().Which.Should().StartWith($"{broken}@ovh-sbg/http/");
        applications[other].State.Should().Be(HealthState.Healthy);
        (await pipeline.OperationsAsync()).Should().BeEmpty(because: "an application down behind a live site and database is reported, not failed over");
        h.Engine.Ledger.SinceLastGrant(other, "ovh-sbg").Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(2), because: "the leases of a live site keep being renewed");
    }
}
