using Failover.Core.Health;

namespace Failover.Core.Tests.Health;

public sealed class ProbeDeadlineTests
{
    private static readonly TcpProbeTarget Target = new("ent@site/tcp", "site", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800), "127.0.0.1", 9);

    [Fact]
    public async Task Run_ProbeAnswers_OutcomeWithTheTimingAroundTheCall()
    {
        var clock = HealthTestKit.Clock();
        var probe = new Scripted(async (_, _) =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(30));
            await Task.Yield();
            return ProbeOutcome.Ok("fine");
        });

        var result = await ProbeDeadline.RunAsync(probe, Target, clock, CancellationToken.None);

        result.Should().Be(new ProbeResult(Target.Id, HealthTestKit.Start, TimeSpan.FromMilliseconds(30), ProbeFailureReason.None, "fine"));
    }

    [Fact]
    public async Task Run_ProbeHangs_TimeoutResultWhenTheTargetsTimeoutPassesOnTheClock()
    {
        var clock = HealthTestKit.Clock();
        var probe = new Scripted(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return ProbeOutcome.Ok();
        });

        var run = ProbeDeadline.RunAsync(probe, Target, clock, CancellationToken.None).AsTask();
        run.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(800));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        result.Reason.Should().Be(ProbeFailureReason.Timeout);
        result.Detail.Should().Be("no answer within 800 ms");
        result.Latency.Should().Be(TimeSpan.FromMilliseconds(800));
    }

    [Fact]
    public async Task Run_CallerCancels_OperationCanceledNotATimeoutResult()
    {
        using var stop = new CancellationTokenSource();
        var probe = new Scripted(async (_, ct) =>
        {
            await stop.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return ProbeOutcome.Ok();
        });

        var act = async () => await ProbeDeadline.RunAsync(probe, Target, HealthTestKit.Clock(), stop.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Run_ProbeThrows_ErrorResultNamingTheException()
    {
        var probe = new Scripted((_, _) => throw new InvalidOperationException("broken"));

        var result = await ProbeDeadline.RunAsync(probe, Target, HealthTestKit.Clock(), CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Error);
        result.Detail.Should().Be("InvalidOperationException: broken");
    }

    private sealed class Scripted(Func<ProbeTarget, CancellationToken, Task<ProbeOutcome>> answer) : IProbe
    {
        public bool CanProbe(ProbeTarget target) => true;

        public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken) => await answer(target, cancellationToken);
    }
}
