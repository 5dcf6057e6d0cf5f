namespace Failover.Core.Health;

/// <summary>
/// The hysteresis state machine of one target as one observer sees it: Healthy → Suspect → Down on consecutive
/// failures, back to Healthy on consecutive successes. Unhealthy time accumulates across oscillations and is only
/// forgotten after a stable period; a target that keeps falling into Down is reported Flapping, which never counts as
/// Down for a verdict. Not thread-safe: its owner serializes calls.
/// </summary>
internal sealed class TargetHealthTracker
{
    private readonly HealthThresholds _thresholds;
    private readonly Queue<DateTimeOffset> _downEntries = new();
    private HealthState _state = HealthState.Unknown;
    private DateTimeOffset _since;
    private int _failures;
    private int _successes;
    private DateTimeOffset _failureStreakStart;
    private DateTimeOffset? _unhealthySince;
    private TimeSpan _unhealthyAccumulated;
    private DateTimeOffset _healthySince;
    private bool _wasHealthy;
    private DateTimeOffset _lastTransitionAt;
    private bool _flapping;
    private DateTimeOffset _flappingSince;
    private ProbeFailureReason _lastReason;
    private DateTimeOffset? _lastProbeAt;
    private string? _lastError;
    private DateTimeOffset? _lastFailureAt;

    public TargetHealthTracker(string targetId, string siteId, HealthThresholds thresholds, DateTimeOffset createdAt, string? serviceId = null)
    {
        TargetId = targetId;
        SiteId = siteId;
        ServiceId = serviceId;
        _thresholds = thresholds;
        _since = createdAt;
        _lastTransitionAt = createdAt;
    }

    public string TargetId { get; }

    public string SiteId { get; }

    /// <summary>Set when the target is a service's application (see <see cref="ProbeTarget.ServiceId"/>).</summary>
    public string? ServiceId { get; }

    /// <summary>The reported state: the underlying state, or Flapping while the target oscillates.</summary>
    public HealthState State => _flapping ? HealthState.Flapping : _state;

    /// <summary>Feeds one probe result; returns the reported state before and after.</summary>
    public (HealthState Before, HealthState After) Record(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var before = State;
        var at = result.StartedAt + result.Latency;
        _lastReason = result.Reason;
        _lastProbeAt = result.StartedAt;
        if (result.Succeeded)
        {
            OnSuccess(at);
        }
        else
        {
            _lastError = result.Detail is { Length: > 0 } d ? $"{Describe(result.Reason)}: {d}" : Describe(result.Reason);
            _lastFailureAt = result.StartedAt;
            OnFailure(result.StartedAt, at);
        }

        Settle(at);
        return (before, State);
    }

    /// <summary>Lets time pass without a result (stability and flap expiry depend on time, not only on results).</summary>
    public void Tick(DateTimeOffset now) => Settle(now);

    public TimeSpan UnhealthyFor(DateTimeOffset now) =>
        _unhealthyAccumulated + (_unhealthySince is { } s && now > s ? now - s : TimeSpan.Zero);

    public TargetObservation Observe(DateTimeOffset now)
    {
        Settle(now);
        return new TargetObservation(
            TargetId, SiteId, State, _flapping ? _flappingSince : _since, UnhealthyFor(now), _failures, _lastReason, _lastProbeAt, _lastError, _lastFailureAt)
        {
            ServiceId = ServiceId,
        };
    }

    internal static string Describe(ProbeFailureReason reason) => reason.ToString().ToLowerInvariant();

    private void OnSuccess(DateTimeOffset at)
    {
        _failures = 0;
        _successes++;
        switch (_state)
        {
            case HealthState.Unknown:
                Enter(HealthState.Healthy, at);
                _healthySince = at;
                break;
            case HealthState.Suspect or HealthState.Down when _successes >= _thresholds.SuccessesToRecover:
                if (_unhealthySince is { } s)
                {
                    _unhealthyAccumulated += at - s;
                    _unhealthySince = null;
                }

                Enter(HealthState.Healthy, at);
                _healthySince = at;
                break;
        }
    }

    private void OnFailure(DateTimeOffset startedAt, DateTimeOffset at)
    {
        _successes = 0;
        _failures++;
        if (_failures == 1)
        {
            _failureStreakStart = startedAt;
        }

        switch (_state)
        {
            case HealthState.Unknown or HealthState.Healthy when _failures >= _thresholds.FailuresToSuspect:
                // Unhealthy time counts from the first failure of the streak, not from when the threshold was crossed.
                _unhealthySince ??= _failureStreakStart;
                Enter(_failures >= _thresholds.FailuresToDown ? HealthState.Down : HealthState.Suspect, at);
                break;
            case HealthState.Suspect when _failures >= _thresholds.FailuresToDown:
                Enter(HealthState.Down, at);
                break;
        }
    }

    private void Enter(HealthState state, DateTimeOffset at)
    {
        if (state == _state)
        {
            return;
        }

        _state = state;
        _since = at;
        _lastTransitionAt = at;
        _wasHealthy |= state == HealthState.Healthy;

        // A target still coming up (never healthy yet: a server that starts fenced, an application waiting for it) is not
        // oscillating: only falls from a healthy state count toward flapping.
        if (state != HealthState.Down || !_wasHealthy)
        {
            return;
        }

        _downEntries.Enqueue(at);
        Prune(at);
        if (!_flapping && _downEntries.Count >= _thresholds.FlapCount)
        {
            _flapping = true;
            _flappingSince = at;
        }
    }

    private void Settle(DateTimeOffset now)
    {
        Prune(now);
        if (_flapping && now - _lastTransitionAt >= _thresholds.StablePeriod)
        {
            // Stable again (up or down) for a whole stable period: report the underlying state.
            _flapping = false;
            _downEntries.Clear();
        }

        if (_state == HealthState.Healthy && !_flapping && now - _healthySince >= _thresholds.StablePeriod)
        {
            _unhealthyAccumulated = TimeSpan.Zero;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_downEntries.TryPeek(out var first) && now - first > _thresholds.FlapWindow)
        {
            _downEntries.Dequeue();
        }
    }
}
