using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Core.Health;

/// <summary>
/// Runs every target's probe on its own interval from ONE loop: a min-heap of due times, one timer for the earliest,
/// a semaphore bounding the probes in flight. No thread or timer per target, so ten thousand targets cost a heap, not
/// ten thousand timers. Each target starts at a random phase within its interval and each run is jittered, so probes
/// do not burst; a target's runs overlap only as far as its timeout outlasts its interval (so a target that stops answering
/// reports a timeout every interval, not every timeout + interval) and are skipped beyond that; a result older than one
/// already reported is dropped; a loop that fell behind keeps
/// each target's phase instead of catching up in a burst. Time comes from the <see cref="TimeProvider"/>, so tests
/// drive it with a fake clock. Every run goes through <see cref="ProbeDeadline"/>: the target's timeout on the same clock,
/// latency measured once, a timeout or a probe exception turned into a failed result.
/// </summary>
/// <remarks>
/// Quartz.NET stays for calendar-driven jobs (drills, reports): its triggers are per job and its store and thread pool
/// are built for minutes-scale schedules, not for 10,000 one-second probes with sub-millisecond overhead.
/// </remarks>
public sealed partial class ProbeScheduler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Entry, DateTimeOffset> _queue = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IProbe> _probes;
    private readonly IProbeResultSink _sink;
    private readonly TimeProvider _time;
    private readonly ProbeSchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly HealthMetrics? _metrics;
    private readonly SemaphoreSlim _slots;
    private readonly Random _random;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _started;
    private long _skipped;
    private long _waits;
    private DateTimeOffset _nextWakeAt = DateTimeOffset.MaxValue;

    public ProbeScheduler(
        IEnumerable<IProbe> probes,
        IProbeResultSink sink,
        TimeProvider time,
        ProbeSchedulerOptions? options = null,
        ILogger<ProbeScheduler>? logger = null,
        HealthMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        _probes = [.. probes];
        _sink = sink;
        _time = time;
        _options = (options ?? new ProbeSchedulerOptions()).Validate();
        _logger = logger ?? NullLogger<ProbeScheduler>.Instance;
        _metrics = metrics;
        _slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        _random = _options.Seed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>Disposes the concurrency gate; call after <see cref="RunAsync"/> has returned.</summary>
    public void Dispose() => _slots.Dispose();

    /// <summary>Probes started since creation.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Runs skipped because the previous run of the target was still going or the loop fell behind.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Times the loop went to sleep (lets tests know it has caught up with a fake clock).</summary>
    internal long Waits => Interlocked.Read(ref _waits);

    /// <summary>When the loop will wake next, as of its last pass.</summary>
    internal DateTimeOffset NextWakeAt
    {
        get
        {
            lock (_gate)
            {
                return _nextWakeAt;
            }
        }
    }

    /// <summary>Probes in flight now.</summary>
    public int InFlight => _options.MaxConcurrency - _slots.CurrentCount;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Adds a target (or replaces the one with the same id); its first run is due at a random phase within its interval.</summary>
    public void Add(ProbeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Interval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"target {target.Id}: interval must be positive, got {target.Interval}", nameof(target));
        }

        if (target.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"target {target.Id}: timeout must be positive, got {target.Timeout}", nameof(target));
        }

        var probe = _probes.FirstOrDefault(p => p.CanProbe(target));
        lock (_gate)
        {
            if (_entries.Remove(target.Id, out var old))
            {
                old.Removed = true;
            }

            var entry = new Entry(target, probe);
            _entries.Add(target.Id, entry);
            _queue.Enqueue(entry, _time.GetUtcNow() + (target.Interval * _random.NextDouble()));
            _wake.TrySetResult();
        }
    }

    public bool Remove(string targetId)
    {
        lock (_gate)
        {
            if (!_entries.Remove(targetId, out var entry))
            {
                return false;
            }

            entry.Removed = true;
            return true;
        }
    }

    /// <summary>The loop. Returns once <paramref name="cancellationToken"/> is cancelled and the probes in flight have ended.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Log.Started(_logger, Count, _options.MaxConcurrency);
        var due = new List<(Entry Entry, DateTimeOffset DueAt)>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TimeSpan wait;
                Task wake;
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    while (_queue.TryPeek(out var entry, out var dueAt) && dueAt <= now)
                    {
                        _queue.Dequeue();
                        if (!entry.Removed)
                        {
                            due.Add((entry, dueAt));
                            _queue.Enqueue(entry, Next(entry.Target.Interval, dueAt, now));
                        }
                    }

                    wait = _queue.TryPeek(out _, out var nextDue) ? nextDue - now : Timeout.InfiniteTimeSpan;
                    if (wait != Timeout.InfiniteTimeSpan && wait < _options.Resolution)
                    {
                        // Due times closer than the resolution are batched into one wake: fewer timer wake-ups per
                        // second (at 10,000 targets, one every 100 µs otherwise) for at most Resolution of lag.
                        wait = _options.Resolution;
                    }

                    _nextWakeAt = wait == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : now + wait;
                    if (_wake.Task.IsCompleted)
                    {
                        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    wake = _wake.Task;
                }

                if (due.Count > 0)
                {
                    foreach (var (entry, dueAt) in due)
                    {
                        await DispatchAsync(entry, dueAt, cancellationToken);
                    }

                    due.Clear();
                    continue;
                }

                await WaitAsync(wait, wake, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        // Drain: every slot back means every probe in flight has ended.
        for (var i = 0; i < _options.MaxConcurrency; i++)
        {
            await _slots.WaitAsync(CancellationToken.None);
        }

        _slots.Release(_options.MaxConcurrency);
        Log.Stopped(_logger, Started, Skipped);
    }

    private async Task WaitAsync(TimeSpan wait, Task wake, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, _time, cts.Token);
        Interlocked.Increment(ref _waits);
        await Task.WhenAny(delay, wake);
        cts.Cancel();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Runs of one target allowed in flight: as many intervals as its timeout spans, plus one for the run that is timing
    /// out just as the next is due (jitter puts them at the same instant); at most <see cref="ProbeSchedulerOptions.MaxRunsPerTarget"/>.
    /// A timeout within the interval allows one run: the previous one has ended before the next is due.
    /// </summary>
    private int RunsAllowed(ProbeTarget target) =>
        target.Timeout < target.Interval ? 1 : (int)Math.Clamp(Math.Ceiling(target.Timeout / target.Interval) + 1, 1, _options.MaxRunsPerTarget);

    /// <summary>Next due time: one jittered interval after the previous due time, keeping the phase if the loop fell behind.</summary>
    private DateTimeOffset Next(TimeSpan interval, DateTimeOffset dueAt, DateTimeOffset now)
    {
        var next = dueAt + (interval * (1 + (_options.JitterFraction * (_random.NextDouble() - 0.5))));
        if (next > now)
        {
            return next;
        }

        var behind = (long)Math.Ceiling((now - next) / interval);
        Interlocked.Add(ref _skipped, Math.Max(behind, 1));
        next += interval * Math.Max(behind, 1);
        return next > now ? next : now + interval;
    }

    private async Task DispatchAsync(Entry entry, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (entry.InFlight >= RunsAllowed(entry.Target))
        {
            Interlocked.Increment(ref _skipped);
            _metrics?.RecordSkipped(entry.Target, "still-running");
            Log.Overrun(_logger, entry.Target.Id);
            return;
        }

        await _slots.WaitAsync(cancellationToken);
        if (_time.GetUtcNow() - dueAt > entry.Target.Interval)
        {
            // Overloaded: this run is already a whole interval late and the next one is queued. Probing now would only
            // report stale health late and deepen the backlog; count it as skipped.
            _slots.Release();
            Interlocked.Increment(ref _skipped);
            _metrics?.RecordSkipped(entry.Target, "behind");
            return;
        }

        Interlocked.Increment(ref entry.InFlight);
        Interlocked.Increment(ref _started);
        _ = RunOneAsync(entry, dueAt, cancellationToken);
    }

    private async Task RunOneAsync(Entry entry, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var target = entry.Target;
        try
        {
            // Off the loop's thread: probes run in parallel on the pool and the loop keeps dispatching on time.
            await Task.Yield();
            ProbeResult result;
            try
            {
                result = entry.Probe is null
                    ? new ProbeResult(target.Id, _time.GetUtcNow(), TimeSpan.Zero, ProbeFailureReason.Error, $"no probe can handle a {target.GetType().Name}")
                    : await ProbeDeadline.RunAsync(entry.Probe, target, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var lag = result.StartedAt > dueAt ? result.StartedAt - dueAt : TimeSpan.Zero;
            if (!result.Succeeded)
            {
                Log.ProbeFailed(_logger, target.Id, result.Reason, result.Detail);
            }

            _metrics?.RecordProbe(target, result, lag);
            lock (entry)
            {
                if (result.StartedAt < entry.LastReportedStart)
                {
                    return; // an earlier run of an overlapping pair ended last: its news is older than what was reported
                }

                entry.LastReportedStart = result.StartedAt;
                if (!entry.Removed)
                {
                    _sink.OnProbeCompleted(target, result, lag);
                }
            }
        }
#pragma warning disable CA1031 // A failing sink must not kill the loop; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SinkFailed(_logger, ex, target.Id);
        }
        finally
        {
            Interlocked.Decrement(ref entry.InFlight);
            _slots.Release();
        }
    }

    private sealed class Entry(ProbeTarget target, IProbe? probe)
    {
        public ProbeTarget Target { get; } = target;

        public IProbe? Probe { get; } = probe;

        public int InFlight;

        public DateTimeOffset LastReportedStart = DateTimeOffset.MinValue;

        public volatile bool Removed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Probe scheduler started with {Targets} targets, at most {MaxConcurrency} probes in flight")]
        public static partial void Started(ILogger logger, int targets, int maxConcurrency);

        [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Probe scheduler stopped after {Started} probes ({Skipped} runs skipped)")]
        public static partial void Stopped(ILogger logger, long started, long skipped);

        [LoggerMessage(EventId = 4303, Level = LogLevel.Debug, Message = "Probe of {TargetId} still running when due again; run skipped")]
        public static partial void Overrun(ILogger logger, string targetId);

        [LoggerMessage(EventId = 4306, Level = LogLevel.Debug, Message = "Probe of {TargetId} failed: {Reason} {Detail}")]
        public static partial void ProbeFailed(ILogger logger, string targetId, ProbeFailureReason reason, string? detail);

        [LoggerMessage(EventId = 4305, Level = LogLevel.Error, Message = "Result sink failed for {TargetId}")]
        public static partial void SinkFailed(ILogger logger, Exception exception, string targetId);
    }
}
