using Failover.Core.Engine;
using Failover.Core.Replication;
using Failover.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Core.Tests.Engine;

/// <summary>
/// A cut-off member answers nothing until the adapter's own connect timeout: the engine observes the members together,
/// each within <see cref="EngineOptions.ObservationTimeout"/>, and counts a silent one unreachable (Timeout).
/// </summary>
public class BoundedObservationTests
{
    [Fact]
    public async Task Tick_CountsAMemberThatNeverAnswersAsTimedOut_AfterTheBound_WhileTheOthersAreObserved()
    {
        using var h = new EngineHarness();
        var time = new FakeTimeProvider(EngineHarness.Start);
        var silent = new SilentMember(h.Seams.Replication, "ovh-rbx");
        var options = new EngineOptions { ObservationTimeout = TimeSpan.FromSeconds(2) };
        using var engine = new FailoverEngine(h.Estate, h.Seams with { Replication = silent }, h.Journal, time, options);
        await engine.InitializeAsync(CancellationToken.None);

        var tick = engine.TickAsync(new EngineTick(h.Verdicts(), []), CancellationToken.None);
        await silent.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(1.9));
        tick.IsCompleted.Should().BeFalse("the bound has not passed yet");

        time.Advance(TimeSpan.FromSeconds(0.2));
        await tick.WaitAsync(TimeSpan.FromSeconds(10));

        var service = h.Estate.Services[0].Id;
        var rbx = engine.Observations.Latest(service, "ovh-rbx");
        rbx.Should().NotBeNull();
        rbx!.Reachable.Should().BeFalse();
        rbx.Failure.Should().Be(ReplicationFailure.Timeout);
        engine.Observations.Latest(service, "ovh-sbg")!.Reachable.Should().BeTrue("the other members were observed in the same tick");
        silent.Calls.Should().BeGreaterThanOrEqualTo(1);
    }

    /// <summary>The world's replication, except that one site's member never answers an observation.</summary>
    private sealed class SilentMember(IReplicationControl inner, string siteId) : IReplicationControl
    {
        private int _calls;

        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => _calls;

        public Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken)
        {
            if (member.SiteId != siteId)
            {
                return inner.ObserveAsync(member, cancellationToken);
            }

            Interlocked.Increment(ref _calls);
            Asked.TrySetResult();
            return new TaskCompletionSource<MemberObservation>().Task;
        }

        public Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken) => inner.PromoteAsync(request, cancellationToken);

        public Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => inner.FenceAsync(member, epoch, cancellationToken);

        public Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => inner.UnfenceAsync(member, epoch, cancellationToken);

        public Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken) => inner.SwitchoverAsync(request, cancellationToken);
    }
}
