namespace Failover.Core.Health;

/// <summary>
/// Runs one probe call within its target's timeout: a linked token cancelled after <see cref="ProbeTarget.Timeout"/>
/// on the given clock, the start time and latency measured around the call, a timeout turned into a
/// <see cref="ProbeFailureReason.Timeout"/> result and any other exception into an <see cref="ProbeFailureReason.Error"/>
/// result. Only the caller's own cancellation escapes, as <see cref="OperationCanceledException"/>. The scheduler runs
/// every probe through it; so does anything that calls a probe once (benchmarks, one-shots, tests).
/// </summary>
public static class ProbeDeadline
{
    public static async ValueTask<ProbeResult> RunAsync(this IProbe probe, ProbeTarget target, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        var startedAt = time.GetUtcNow();
        var t0 = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(target.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        ProbeOutcome outcome;
        try
        {
            outcome = await probe.ProbeAsync(target, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = ProbeOutcome.TimedOut(target.Timeout);
        }
#pragma warning disable CA1031 // Whatever a probe throws is still a result, never an exception through a sweep.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            outcome = ProbeOutcome.Fail(ProbeFailureReason.Error, $"{e.GetType().Name}: {e.Message}");
        }

        return new ProbeResult(target.Id, startedAt, time.GetElapsedTime(t0), outcome.Reason, outcome.Detail);
    }
}
