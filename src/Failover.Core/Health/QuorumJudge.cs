using System.Globalization;
using Failover.Core.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Core.Health;

/// <summary>
/// Turns the observers' views into one verdict per site. Rules, in order:
/// <list type="number">
/// <item>An observer votes only if its view is present, fresh (<see cref="HealthThresholds.MaxViewAge"/>) and it does not
/// suspect itself (it reaches no site at all). Others abstain, with the reason in the evidence.</item>
/// <item>The quorum is counted over the configured observers, not over the voters: abstentions can only make a verdict
/// harder to reach, never easier.</item>
/// <item>A site is Down when a quorum of voters sees it Down, and Lost once that quorum has seen it Down (unhealthy
/// time, accumulated across oscillations) for the grace period. Flapping never counts as Down.</item>
/// <item>Mass-failure brake: when more than the configured share of sites look lost at once (Lost, or Down by quorum and
/// on their way to Lost), every such verdict carries <see cref="SiteVerdict.AutomaticActionBlocked"/>.</item>
/// </list>
/// Keeps per-site memory (since when a state holds), so call <see cref="Judge"/> from one loop. Thread-safe.
/// </summary>
public sealed partial class QuorumJudge
{
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<string> _observers;
    private readonly IReadOnlyList<string> _sites;
    private readonly int _required;
    private readonly double _massFailureMaxLostShare;
    private readonly HealthThresholds _thresholds;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, SiteMemory> _memory = new(StringComparer.Ordinal);
    private bool _brakeEngaged;

    public QuorumJudge(
        IReadOnlyList<string> observerIds,
        IReadOnlyList<string> siteIds,
        QuorumPolicy quorum,
        double massFailureMaxLostShare,
        HealthThresholds thresholds,
        TimeProvider time,
        ILogger<QuorumJudge>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(observerIds);
        ArgumentNullException.ThrowIfNull(siteIds);
        ArgumentNullException.ThrowIfNull(quorum);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(time);
        if (observerIds.Count == 0)
        {
            throw new ArgumentException("at least one observer is required", nameof(observerIds));
        }

        if (observerIds.Distinct(StringComparer.Ordinal).Count() != observerIds.Count)
        {
            throw new ArgumentException("observer ids must be unique", nameof(observerIds));
        }

        _required = quorum.Required(observerIds.Count);
        if (_required < 1 || _required > observerIds.Count)
        {
            throw new ArgumentException(
                $"quorum.count must be between 1 and the number of observers ({observerIds.Count}), got {_required}", nameof(quorum));
        }

        if (double.IsNaN(massFailureMaxLostShare) || massFailureMaxLostShare < 0 || massFailureMaxLostShare > 1)
        {
            throw new ArgumentException($"massFailureMaxLostShare must be between 0 and 1, got {massFailureMaxLostShare}", nameof(massFailureMaxLostShare));
        }

        _observers = [.. observerIds];
        _sites = [.. siteIds];
        _massFailureMaxLostShare = massFailureMaxLostShare;
        _thresholds = thresholds.Validate();
        _time = time;
        _logger = logger ?? NullLogger<QuorumJudge>.Instance;
    }

    /// <summary>A judge for one policy over the whole estate's observers and sites.</summary>
    public static QuorumJudge For(Estate estate, Policy policy, TimeProvider time, ILogger<QuorumJudge>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(policy);
        return new QuorumJudge(
            [.. estate.Observers.Select(o => o.Id)],
            [.. estate.Sites.Select(s => s.Id)],
            policy.Quorum,
            policy.MassFailureMaxLostShare,
            HealthThresholds.From(policy.Detection),
            time,
            logger);
    }

    public int Required => _required;

    public IReadOnlyList<SiteVerdict> Judge(IReadOnlyDictionary<string, ObserverView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var (voters, abstaining) = Ballot(views, now);
            var drafts = _sites.Select(site => DraftVerdict(site, voters, abstaining, now)).ToList();

            var looksLost = drafts.Count(d => d.State is HealthState.Lost or HealthState.Down && d.QuorumConfirmed);
            string? brake = null;
            if (_sites.Count > 0 && looksLost > 0 && (double)looksLost / _sites.Count > _massFailureMaxLostShare)
            {
                brake = string.Create(
                    CultureInfo.InvariantCulture,
                    $"mass-failure brake: {looksLost} of {_sites.Count} sites look lost at once (more than {_massFailureMaxLostShare:P0}); automatic action stopped, a human must decide");
            }

            if ((brake is not null) != _brakeEngaged)
            {
                _brakeEngaged = brake is not null;
                if (_brakeEngaged)
                {
                    Log.BrakeEngaged(_logger, looksLost, _sites.Count);
                }
                else
                {
                    Log.BrakeReleased(_logger);
                }
            }

            var verdicts = new List<SiteVerdict>(drafts.Count);
            foreach (var d in drafts)
            {
                var blocked = d.Blocked;
                if (brake is not null && d.State is HealthState.Lost or HealthState.Down && d.QuorumConfirmed)
                {
                    blocked = blocked is null ? brake : $"{brake}; {blocked}";
                }

                verdicts.Add(Remember(d with { Blocked = blocked }, now));
            }

            return verdicts;
        }
    }

    /// <summary>
    /// Each service's application health where the voting observers probe it, by the same ballot as the sites (fresh
    /// views of observers that do not suspect themselves) but with no memory and no effect on any site's verdict.
    /// </summary>
    public IReadOnlyList<ApplicationVerdict> JudgeApplications(IReadOnlyDictionary<string, ObserverView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        lock (_gate)
        {
            var (voters, _) = Ballot(views, _time.GetUtcNow());
            return voters
                .SelectMany(v => v.Applications.Select(a => (v.ObserverId, Application: a)))
                .GroupBy(x => (x.Application.ServiceId, x.Application.SiteId))
                .OrderBy(g => g.Key.ServiceId, StringComparer.Ordinal).ThenBy(g => g.Key.SiteId, StringComparer.Ordinal)
                .Select(g => ApplicationVerdictOf(g.Key.ServiceId, g.Key.SiteId, [.. g]))
                .ToList();
        }
    }

    private ApplicationVerdict ApplicationVerdictOf(string serviceId, string siteId, List<(string ObserverId, ApplicationObservation Application)> seen)
    {
        var healthy = seen.Count(x => x.Application.State == HealthState.Healthy);
        var down = seen.Count(x => x.Application.State == HealthState.Down);
        var state = down >= _required ? HealthState.Down
            : healthy >= _required ? HealthState.Healthy
            : seen.Any(x => x.Application.State is HealthState.Down or HealthState.Suspect or HealthState.Flapping) ? HealthState.Suspect
            : seen.Any(x => x.Application.State == HealthState.Healthy) ? HealthState.Suspect
            : HealthState.Unknown;
        var failing = seen
            .SelectMany(x => x.Application.Targets.Where(t => t.LastReason != ProbeFailureReason.None).Select(t => (x.ObserverId, Target: t)))
            .GroupBy(x => x.Target.TargetId)
            .ToDictionary(
                g => g.Key,
                g => string.Join("; ", g.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.ObserverId}: {x.Target.State} since {x.Target.Since:O}, last error {x.Target.LastError ?? "none"}"))),
                StringComparer.Ordinal);
        var since = seen.Where(x => x.Application.State == state).Select(x => x.Application.Since).DefaultIfEmpty(seen.Min(x => x.Application.Since)).Min();
        return new ApplicationVerdict(
            serviceId, siteId, state, since, seen.ToDictionary(x => x.ObserverId, x => x.Application.State, StringComparer.Ordinal), failing);
    }

    private (List<ObserverView> Voters, Dictionary<string, string> Abstaining) Ballot(IReadOnlyDictionary<string, ObserverView> views, DateTimeOffset now)
    {
        var voters = new List<ObserverView>(_observers.Count);
        var abstaining = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in _observers)
        {
            if (!views.TryGetValue(id, out var view))
            {
                abstaining[id] = "no view received";
            }
            else if (now - view.At > _thresholds.MaxViewAge)
            {
                abstaining[id] = string.Create(CultureInfo.InvariantCulture, $"view is stale ({(now - view.At).TotalSeconds:0.#} s old)");
            }
            else if (view.SelfSuspect)
            {
                abstaining[id] = $"suspects itself: {view.SelfSuspicionReason}";
            }
            else
            {
                voters.Add(view);
            }
        }

        return (voters, abstaining);
    }

    private Draft DraftVerdict(string siteId, List<ObserverView> voters, Dictionary<string, string> abstaining, DateTimeOffset now)
    {
        var observed = voters
            .Select(v => (v.ObserverId, Site: v.Site(siteId)))
            .Where(x => x.Site is not null)
            .Select(x => (x.ObserverId, Site: x.Site!))
            .ToList();
        var down = observed.Where(x => x.Site.State == HealthState.Down).OrderByDescending(x => x.Site.UnhealthyFor).ToList();
        var healthy = observed.Count(x => x.Site.State == HealthState.Healthy);
        var unhealthy = observed.Select(x => x.Site.UnhealthyFor).OrderDescending().ToList();

        HealthState state;
        bool confirmed;
        var unhealthyFor = unhealthy.Count >= _required ? unhealthy[_required - 1] : TimeSpan.Zero;
        if (down.Count >= _required)
        {
            // The k-th longest down time: at least k = quorum observers have seen the site Down at least this long.
            unhealthyFor = down[_required - 1].Site.UnhealthyFor;
            state = unhealthyFor >= _thresholds.GracePeriod ? HealthState.Lost : HealthState.Down;
            confirmed = true;
        }
        else if (healthy >= _required)
        {
            state = HealthState.Healthy;
            confirmed = true;
        }
        else
        {
            confirmed = false;
            state = observed.Any(x => x.Site.State == HealthState.Flapping) ? HealthState.Flapping
                : observed.Any(x => x.Site.State is HealthState.Down or HealthState.Suspect) ? HealthState.Suspect
                : observed.Any(x => x.Site.State == HealthState.Healthy) ? HealthState.Suspect
                : HealthState.Unknown;
        }

        string? blocked = voters.Count < _required
            ? $"no quorum of observers: {voters.Count} of {_observers.Count} vote, {_required} required"
            : null;

        var probes = new List<ProbeEvidence>();
        var failing = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (observerId, site) in observed)
        {
            foreach (var t in site.Targets)
            {
                if (t.State is HealthState.Healthy or HealthState.Unknown && t.LastReason == ProbeFailureReason.None)
                {
                    continue;
                }

                probes.Add(new ProbeEvidence(observerId, t.TargetId, t.State, t.Since, t.UnhealthyFor, t.LastError, t.LastFailureAt));
                if (!failing.TryGetValue(t.TargetId, out var list))
                {
                    failing[t.TargetId] = list = [];
                }

                list.Add(string.Create(CultureInfo.InvariantCulture, $"{observerId}: {t.State} since {t.Since:O}, last error {t.LastError ?? "none"}"));
            }
        }

        var evidence = new VerdictEvidence(
            [.. down.Select(x => x.ObserverId).Order(StringComparer.Ordinal)],
            [.. voters.Select(v => v.ObserverId).Order(StringComparer.Ordinal)],
            new SortedDictionary<string, string>(abstaining, StringComparer.Ordinal),
            failing.ToDictionary(kv => kv.Key, kv => string.Join("; ", kv.Value), StringComparer.Ordinal))
        {
            ObserverStates = observed.ToDictionary(x => x.ObserverId, x => x.Site.State, StringComparer.Ordinal),
            Probes = probes,
            QuorumRequired = _required,
            ObserversConfigured = _observers.Count,
        };
        return new Draft(siteId, state, confirmed, unhealthyFor, blocked, evidence);
    }

    private SiteVerdict Remember(Draft d, DateTimeOffset now)
    {
        if (!_memory.TryGetValue(d.SiteId, out var m))
        {
            _memory[d.SiteId] = m = new SiteMemory { State = HealthState.Unknown, Since = now };
        }

        var quorumDown = d.QuorumConfirmed && d.State is HealthState.Down or HealthState.Lost;
        if (quorumDown && m.QuorumDownSince is null)
        {
            m.QuorumDownSince = now;
        }
        else if (!quorumDown)
        {
            m.QuorumDownSince = null;
        }

        if (d.State != m.State)
        {
            Log.VerdictChanged(_logger, d.SiteId, m.State, d.State, d.Evidence.ObserversDown.Count, _required, d.UnhealthyFor.TotalSeconds, d.Blocked);
            m.State = d.State;
            m.Since = now;
        }

        var since = quorumDown ? m.QuorumDownSince!.Value : m.Since;
        return new SiteVerdict(d.SiteId, d.State, since, d.UnhealthyFor, d.QuorumConfirmed, d.Blocked, d.Evidence);
    }

    private sealed record Draft(string SiteId, HealthState State, bool QuorumConfirmed, TimeSpan UnhealthyFor, string? Blocked, VerdictEvidence Evidence);

    private sealed class SiteMemory
    {
        public HealthState State { get; set; }

        public DateTimeOffset Since { get; set; }

        public DateTimeOffset? QuorumDownSince { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Site {SiteId} verdict {Before} -> {After} ({Down} observers see it down, {Required} required; unhealthy {UnhealthySeconds:0.#} s; blocked: {Blocked})")]
        public static partial void VerdictChanged(ILogger logger, string siteId, HealthState before, HealthState after, int down, int required, double unhealthySeconds, string? blocked);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Critical, Message = "Mass-failure brake engaged: {LooksLost} of {Sites} sites look lost at once; automatic action stopped")]
        public static partial void BrakeEngaged(ILogger logger, int looksLost, int sites);

        [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Mass-failure brake released")]
        public static partial void BrakeReleased(ILogger logger);
    }
}
