using System.Collections.Concurrent;
using Failover.Core.Health;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Core.Tests.Health;

public sealed class ProbeSchedulerTests : IAsyncDisposable
{
    /// <summary>A timeout the fake clock never reaches in a test, for probes held on a gate.</summary>
    private static readonly TimeSpan HeldLongerThanTheTest = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _clock = HealthTestKit.Clock();
    private readonly RecordingSink _sink = new();
    private readonly CancellationTokenSource _stop = new();
    private ProbeScheduler? _scheduler;
    private Task? _loop;

    [Fact]
    public async Task ManyTargets_EachProbedOncePerInterval_SpreadOverTheInterval()
    {
        var probe = new FakeProbe();
        Start(probe, Enumerable.Range(0, 100).Select(i => Target($"t{i}")));

        var perStep = new List<long>();
        for (var step = 0; step < 50; step++)
        {
            var before = probe.Calls;
            await AdvanceAsync(TimeSpan.FromMilliseconds(100));
            perStep.Add(probe.Calls - before);
        }

        // 5 s at 1 s interval: 5 runs each, give or take the phase and jitter at both ends.
        probe.CallsByTarget.Should().HaveCount(100);
        probe.CallsByTarget.Values.Should().AllSatisfy(n => n.Should().BeInRange(4, 6));
        perStep.Max().Should().BeLessThan(30, because: "100 targets over ten 100 ms slots average 10 per slot; no burst");
        _sink.Results.Should().HaveCount((int)probe.Calls);
        _sink.Lags.Should().AllSatisfy(l => l.Should().BeLessThan(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task SlowProbes_ConcurrencyIsBounded()
    {
        var probe = new FakeProbe { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        Start(probe, Enumerable.Range(0, 20).Select(i => Target($"t{i}", HeldLongerThanTheTest)), maxConcurrency: 4);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await HealthTestKit.Eventually(() => probe.InFlight == 4, "four probes in flight");

        probe.MaxInFlight.Should().Be(4);
        probe.Gate.SetResult();
        await HealthTestKit.Eventually(() => probe.Calls == 20, "the other targets to get their turn");
        probe.MaxInFlight.Should().Be(4);
    }

    [Fact]
    public async Task ProbeStillRunningWhenDueAgain_RunsOverlapOnlyAsFarAsTheTimeoutAllows_TheRestAreSkipped()
    {
        var probe = new FakeProbe { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        Start(probe, [Target("slow", HeldLongerThanTheTest)]);

        for (var i = 0; i < 6; i++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(1), settle: false);
        }

        // The loop runs on the thread pool: let it reach what the clock made due before judging.
        await HealthTestKit.Eventually(() => probe.Calls >= 3 && _scheduler!.Skipped >= 2, "three runs to start and the runs due meanwhile to be skipped");
        probe.Calls.Should().Be(3, "a target's runs never stack beyond MaxRunsPerTarget, however long its timeout");
        probe.Gate.SetResult();
    }

    [Fact]
    public async Task TargetThatStopsAnswering_ReportsATimeoutEveryInterval_NotEveryTimeoutPlusInterval()
    {
        var probe = new FakeProbe { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        Start(probe, [new TcpProbeTarget("cut", "site", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), "127.0.0.1", 9)]);

        for (var step = 0; step < 45; step++)
        {
            await AdvanceAsync(TimeSpan.FromMilliseconds(100), settle: false);
            // Every run started has entered the probe, so its deadline runs on the clock before the clock moves on.
            await HealthTestKit.Eventually(() => probe.Calls == _scheduler!.Started, "the runs started to reach the probe");
        }

        // Runs start every 500 ms from a phase within the first interval and time out 1 s later: at least 6 by 4.5 s,
        // where runs that waited for the previous one (timeout + interval apart) would have reported 3.
        await HealthTestKit.Eventually(() => _sink.Results.Count >= 6, $"a timeout per interval once the first one is out (results {_sink.Results.Count}, started {_scheduler!.Started}, skipped {_scheduler.Skipped}, in flight {probe.InFlight})");

        var results = _sink.Results.ToList();
        results.Should().AllSatisfy(r => r.Reason.Should().Be(ProbeFailureReason.Timeout));
        results.Select(r => r.StartedAt).Should().BeInAscendingOrder();
        probe.MaxInFlight.Should().BeInRange(2, 3, "a 1 s timeout spans two 500 ms intervals, and a third run may be due as the first times out");
        probe.Gate.SetResult();
    }

    [Fact]
    public async Task LoopHeldUpLongerThanAnInterval_StaleRunsAreSkippedNotProbedLate()
    {
        var probe = new FakeProbe { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        Start(probe, [Target("a", HeldLongerThanTheTest), Target("b", HeldLongerThanTheTest)], maxConcurrency: 1);
        await HealthTestKit.Eventually(() => _scheduler!.Waits > 0, "the loop to go to sleep");

        _clock.Advance(TimeSpan.FromSeconds(1));
        await HealthTestKit.Eventually(() => probe.InFlight == 1, "the first probe to hold the only slot");
        _clock.Advance(TimeSpan.FromSeconds(2));
        var waits = _scheduler!.Waits;
        probe.Gate.SetResult();
        await HealthTestKit.Eventually(() => _scheduler.Waits > waits, "the loop to catch up and sleep");

        probe.Calls.Should().Be(1, because: "the other target's run was two seconds late: skipped, not probed late");
        _scheduler.Skipped.Should().BeGreaterThanOrEqualTo(1);
        _sink.Lags.Should().AllSatisfy(l => l.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task ProbeOverItsTimeout_IsCutOffOnTheSchedulersClock_AsATimeoutResult()
    {
        var probe = new FakeProbe { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        Start(probe, [Target("hangs")]);

        await AdvanceAsync(TimeSpan.FromSeconds(1), settle: false);
        await HealthTestKit.Eventually(() => probe.InFlight == 1 || !_sink.Results.IsEmpty, "the probe to start");
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        await HealthTestKit.Eventually(() => !_sink.Results.IsEmpty, "the timed-out result");

        var result = _sink.Results.First();
        result.Reason.Should().Be(ProbeFailureReason.Timeout);
        result.Detail.Should().Be("no answer within 500 ms");
        result.Latency.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500), because: "the deadline runs on the scheduler's clock");
        probe.Gate.SetResult();
    }

    [Fact]
    public async Task ProbeThatThrows_BecomesErrorResult_LoopGoesOn()
    {
        var probe = new FakeProbe { Throw = true };
        Start(probe, [Target("a"), Target("b")]);

        for (var i = 0; i < 3; i++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        _sink.Results.Should().HaveCountGreaterThanOrEqualTo(4);
        _sink.Results.Should().AllSatisfy(r => r.Reason.Should().Be(ProbeFailureReason.Error));
        _sink.Results.First().Detail.Should().Contain("InvalidOperationException");
    }

    [Fact]
    public async Task TargetWithoutMatchingProbe_ReportsErrorResult()
    {
        var probe = new FakeProbe { Accepts = _ => false };
        Start(probe, [Target("orphan")]);

        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await HealthTestKit.Eventually(() => !_sink.Results.IsEmpty, "a result");

        _sink.Results.Single().Detail.Should().Contain("no probe can handle");
    }

    [Fact]
    public async Task RemovedTarget_IsNoLongerProbed()
    {
        var probe = new FakeProbe();
        Start(probe, [Target("keep"), Target("drop")]);
        await AdvanceAsync(TimeSpan.FromSeconds(1));

        _scheduler!.Remove("drop").Should().BeTrue();
        var before = probe.CallsByTarget.GetValueOrDefault("drop");
        for (var i = 0; i < 3; i++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        probe.CallsByTarget.GetValueOrDefault("drop").Should().Be(before);
        probe.CallsByTarget["keep"].Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Add_NonPositiveInterval_NamesTheTarget()
    {
        using var scheduler = new ProbeScheduler([new FakeProbe()], _sink, _clock);

        var act = () => scheduler.Add(new TcpProbeTarget("bad", "s", TimeSpan.Zero, TimeSpan.FromSeconds(1), "127.0.0.1", 1));

        act.Should().Throw<ArgumentException>().WithMessage("*bad*interval*");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }

        _scheduler?.Dispose();
        _stop.Dispose();
    }

    private static TcpProbeTarget Target(string id, TimeSpan? timeout = null) =>
        new(id, "site", TimeSpan.FromSeconds(1), timeout ?? TimeSpan.FromMilliseconds(500), "127.0.0.1", 9);

    private void Start(FakeProbe probe, IEnumerable<ProbeTarget> targets, int maxConcurrency = 64)
    {
        _scheduler = new ProbeScheduler([probe], _sink, _clock, new ProbeSchedulerOptions { MaxConcurrency = maxConcurrency, Seed = 42 });
        foreach (var t in targets)
        {
            _scheduler.Add(t);
        }

        _loop = Task.Run(() => _scheduler.RunAsync(_stop.Token));
    }

    /// <summary>
    /// Moves the fake clock by <paramref name="by"/>, stopping at each time the loop asked to be woken and waiting for it
    /// to go back to sleep, so the loop always reads the clock after it has moved (FakeTimeProvider fires timers mid-Advance).
    /// </summary>
    private async Task AdvanceAsync(TimeSpan by, bool settle = true)
    {
        var scheduler = _scheduler!;
        var end = _clock.GetUtcNow() + by;
        while (true)
        {
            await HealthTestKit.Eventually(() => scheduler.Waits > 0, "the loop to go to sleep");
            var waits = scheduler.Waits;
            var next = scheduler.NextWakeAt;
            var now = _clock.GetUtcNow();
            if (next > end)
            {
                _clock.Advance(end - now);
                break;
            }

            _clock.Advance(next > now ? next - now : TimeSpan.Zero);
            await HealthTestKit.Eventually(() => scheduler.Waits > waits, "the loop to catch up");
            if (settle)
            {
                await HealthTestKit.Eventually(() => scheduler.InFlight == 0, "the probes to report");
            }
        }
    }

    private sealed class RecordingSink : IProbeResultSink
    {
        public ConcurrentQueue<ProbeResult> Results { get; } = new();

        public ConcurrentQueue<TimeSpan> Lags { get; } = new();

        public void OnProbeCompleted(ProbeTarget target, ProbeResult result, TimeSpan schedulingLag)
        {
            Results.Enqueue(result);
            Lags.Enqueue(schedulingLag);
        }
    }

    private sealed class FakeProbe : IProbe
    {
        private long _calls;
        private int _inFlight;
        private int _maxInFlight;

        public TaskCompletionSource? Gate { get; init; }

        public bool Throw { get; init; }

        public Func<ProbeTarget, bool> Accepts { get; init; } = _ => true;

        public long Calls => Interlocked.Read(ref _calls);

        public int InFlight => Volatile.Read(ref _inFlight);

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public ConcurrentDictionary<string, int> CallsByTarget { get; } = new();

        public bool CanProbe(ProbeTarget target) => Accepts(target);

        public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            CallsByTarget.AddOrUpdate(target.Id, 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            try
            {
                if (Throw)
                {
                    throw new InvalidOperationException("probe bug");
                }

                if (Gate is not null)
                {
                    await Gate.Task.WaitAsync(cancellationToken);
                }

                return ProbeOutcome.Ok();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
