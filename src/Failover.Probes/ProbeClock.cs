using Failover.Core.Health;

namespace Failover.Probes;

/// <summary>Start time and a monotonic stopwatch for one probe run, from the injected clock.</summary>
internal readonly struct ProbeClock
{
    private readonly TimeProvider _time;
    private readonly long _t0;

    private ProbeClock(TimeProvider time)
    {
        _time = time;
        _t0 = time.GetTimestamp();
        StartedAt = time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_t0);

    public static ProbeClock Start(TimeProvider time) => new(time);

    public ProbeResult Ok(ProbeTarget target, string? detail = null) => new(target.Id, StartedAt, Elapsed, ProbeFailureReason.None, detail);

    public ProbeResult Fail(ProbeTarget target, ProbeFailureReason reason, string detail) => new(target.Id, StartedAt, Elapsed, reason, detail);
}
