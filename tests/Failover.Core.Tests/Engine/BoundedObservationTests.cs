using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Replication;
using Failover.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Core.Tests.Engine;

/// <summary>
/// A cut-off member answers nothing until the adapter's own connect timeout: the engine observes the members together,
/// each within <see cref="EngineOptions.ObservationTimeout"/>, counts a silent one unreachable (Timeout), and does not ask
/// it again while the quorum judges its site Down or Lost.
/// </summary>
public class BoundedObservationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Tick_CountsAMemberThatNeverAnswersAsTimedOut_AfterTheBound_WhileTheOthersAreObserved()
    {
        using var h = new EngineHarness();
        var time = new FakeTimeProvider(EngineHarness.Start);
        var silent = new SilentReplication(h.Seams.Replication);
        silent.Silent["ovh-rbx"] = true;
        var options = new EngineOptions { ObservationTimeout = TimeSpan.FromSeconds(2) };
        using var engine = new FailoverEngine(h.Estate, h.Seams with { Replication = silent }, h.Journal, time, options);
        await engine.InitializeAsync(CancellationToken.None);

        var tick = engine.TickAsync(new EngineTick(h.Verdicts(), []), CancellationToken.None);
        await silent.Asked.Task.WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(1.9));
        tick.IsCompleted.Should().BeFalse("the bound has not passed yet");

        time.Advance(TimeSpan.FromSeconds(0.2));
        await tick.WaitAsync(Patience);

        var service = h.Estate.Services[0].Id;
        var rbx = engine.Observations.Latest(service, "ovh-rbx");
        rbx.Should().NotBeNull();
        rbx!.Reachable.Should().BeFalse();
        rbx.Failure.Should().Be(ReplicationFailure.Timeout);
        engine.Observations.Latest(service, "ovh-sbg")!.Reachable.Should().BeTrue("the other members were observed in the same tick");
    }

    [Fact]
    public async Task Tick_DoesNotAskAgainAMemberAlreadyUnreachable_AtASiteTheQuorumJudgesLost_UntilTheVerdictChanges()
    {
        using var h = new EngineHarness();
        var time = new FakeTimeProvider(EngineHarness.Start);
        var silent = new SilentReplication(h.Seams.Replication);
        silent.Silent["ovh-rbx"] = true;
        using var engine = new FailoverEngine(h.Estate, h.Seams with { Replication = silent }, h.Journal, time, new EngineOptions { ObservationTimeout = TimeSpan.FromSeconds(2) });
        await engine.InitializeAsync(CancellationToken.None);
        var first = engine.TickAsync(new EngineTick(h.Verdicts(), []), CancellationToken.None);
        await silent.Asked.Task.WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(2));
        await first.WaitAsync(Patience);

        h.Lost.Add("ovh-rbx");
        await engine.TickAsync(new EngineTick(h.Verdicts(), []), CancellationToken.None).WaitAsync(Patience);
        await engine.TickAsync(new EngineTick(h.Verdicts(), []), CancellationToken.None).WaitAsync(Patience);

        silent.AskedOf("ovh-rbx").Should().Be(1, "a Lost site's silent member would cost the whole bound on every tick");
        silent.AskedOf("ovh-sbg").Should().Be(3);

        h.Lost.Remove("ovh-rbx");
        silent.Silent.TryRemove("ovh-rbx", out _);
        await engine.TickAsync(new EngineTick(h.Verdicts(), []), CancellationToken.None).WaitAsync(Patience);

        silent.AskedOf("ovh-rbx").Should().Be(2, "once the verdict changes the member is observed again");
        engine.Observations.Latest(h.Estate.Services[0].Id, "ovh-rbx")!.Reachable.Should().BeTrue();
        h.Verdicts().Single(v => v.SiteId == "ovh-rbx").State.Should().Be(HealthState.Healthy);
    }
}
