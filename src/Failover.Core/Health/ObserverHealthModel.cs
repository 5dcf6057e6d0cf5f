using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Core.Health;

/// <summary>
/// One observer's health model: a hysteresis tracker per target; the site's liveness witnesses aggregated per site,
/// each service's application targets aggregated per (service, site) apart from them; and the observer's own
/// self-suspicion (from the witnesses). Fed by the probe scheduler (as an <see cref="IProbeResultSink"/>); <see cref="Snapshot"/> produces
/// the view it shares with the other observers. Thread-safe.
/// </summary>
public sealed partial class ObserverHealthModel : IProbeResultSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TargetHealthTracker> _targets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (HealthState State, DateTimeOffset Since)> _sites = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Service, string Site), (HealthState State, DateTimeOffset Since)> _applications = [];
    private readonly HealthThresholds _thresholds;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HealthMetrics? _metrics;
    private bool _selfSuspect;

    public ObserverHealthModel(string observerId, HealthThresholds thresholds, TimeProvider time, ILogger<ObserverHealthModel>? logger = null, HealthMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(observerId);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(time);
        ObserverId = observerId;
        _thresholds = thresholds.Validate();
        _time = time;
        _logger = logger ?? NullLogger<ObserverHealthModel>.Instance;
        _metrics = metrics;
    }

    public string ObserverId { get; }

    /// <summary>Declares a site this observer watches, so it shows (as Unknown) before any of its targets answer.</summary>
    public void AddSite(string siteId)
    {
        lock (_gate)
        {
            _sites.TryAdd(siteId, (HealthState.Unknown, _time.GetUtcNow()));
        }
    }

    public void AddTarget(ProbeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _removed.Remove(target.Id);
            _targets.TryAdd(target.Id, new TargetHealthTracker(target.Id, target.SiteId, _thresholds, now, target.ServiceId));
            _sites.TryAdd(target.SiteId, (HealthState.Unknown, now));
        }
    }

    /// <summary>Forgets a target; a result of it still in flight is dropped, until the target is added again.</summary>
    public bool RemoveTarget(string targetId)
    {
        lock (_gate)
        {
            _removed.Add(targetId);
            return _targets.Remove(targetId);
        }
    }

    public void Record(ProbeTarget target, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            if (_removed.Contains(target.Id))
            {
                return;
            }

            if (!_targets.TryGetValue(target.Id, out var tracker))
            {
                tracker = new TargetHealthTracker(target.Id, target.SiteId, _thresholds, result.StartedAt, target.ServiceId);
                _targets.Add(target.Id, tracker);
                _sites.TryAdd(target.SiteId, (HealthState.Unknown, result.StartedAt));
            }

            var (before, after) = tracker.Record(result);
            if (before != after)
            {
                Log.TargetStateChanged(_logger, ObserverId, target.Id, before, after, result.Reason, result.Detail);
            }
        }
    }

    void IProbeResultSink.OnProbeCompleted(ProbeTarget target, ProbeResult result, TimeSpan schedulingLag) => Record(target, result);

    /// <summary>This observer's view now: every site, its targets, and whether the observer suspects itself.</summary>
    public ObserverView Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var bySite = new Dictionary<string, List<TargetObservation>>(StringComparer.Ordinal);
            var byApplication = new Dictionary<(string Service, string Site), List<TargetObservation>>();
            foreach (var tracker in _targets.Values)
            {
                var observed = tracker.Observe(now);
                var list = tracker.ServiceId is { } service
                    ? GetOrAdd(byApplication, (service, tracker.SiteId))
                    : GetOrAdd(bySite, tracker.SiteId);
                list.Add(observed);
            }

            var sites = new List<SiteObservation>(_sites.Count);
            foreach (var siteId in _sites.Keys.ToList())
            {
                var targets = bySite.TryGetValue(siteId, out var l) ? l.OrderBy(t => t.TargetId, StringComparer.Ordinal).ToList() : [];
                var (state, unhealthyFor) = SiteAggregation.Aggregate(targets);
                var (previous, since) = _sites[siteId];
                if (state != previous)
                {
                    Log.SiteStateChanged(_logger, ObserverId, siteId, previous, state);
                    since = now;
                    _sites[siteId] = (state, since);
                }

                _metrics?.ReportSiteState(ObserverId, siteId, state);
                sites.Add(new SiteObservation(siteId, state, since, unhealthyFor, targets));
            }

            var applications = Applications(byApplication, now);
            var suspicion = SiteAggregation.SelfSuspicion(sites);
            if ((suspicion is not null) != _selfSuspect)
            {
                _selfSuspect = suspicion is not null;
                if (_selfSuspect)
                {
                    Log.SelfSuspicionRaised(_logger, ObserverId, suspicion!);
                }
                else
                {
                    Log.SelfSuspicionCleared(_logger, ObserverId);
                }
            }

            return new ObserverView(ObserverId, now, suspicion is not null, suspicion, sites) { Applications = applications };
        }
    }

    private List<ApplicationObservation> Applications(Dictionary<(string Service, string Site), List<TargetObservation>> groups, DateTimeOffset now)
    {
        foreach (var gone in _applications.Keys.Where(k => !groups.ContainsKey(k)).ToList())
        {
            _applications.Remove(gone); // no longer probed there (the service moved)
        }

        var applications = new List<ApplicationObservation>(groups.Count);
        foreach (var ((serviceId, siteId), list) in groups.OrderBy(g => g.Key.Service, StringComparer.Ordinal).ThenBy(g => g.Key.Site, StringComparer.Ordinal))
        {
            var targets = list.OrderBy(t => t.TargetId, StringComparer.Ordinal).ToList();
            var (state, unhealthyFor) = SiteAggregation.Aggregate(targets);
            if (!_applications.TryGetValue((serviceId, siteId), out var known))
            {
                known = (HealthState.Unknown, now);
            }

            if (state != known.State)
            {
                Log.ApplicationStateChanged(_logger, ObserverId, serviceId, siteId, known.State, state);
                known = (state, now);
            }

            _applications[(serviceId, siteId)] = known;
            applications.Add(new ApplicationObservation(serviceId, siteId, state, known.Since, unhealthyFor, targets));
        }

        return applications;
    }

    private static List<TargetObservation> GetOrAdd<TKey>(IDictionary<TKey, List<TargetObservation>> groups, TKey key)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }

        return list;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Observer {ObserverId}: target {TargetId} {Before} -> {After} (last probe: {Reason} {Detail})")]
        public static partial void TargetStateChanged(ILogger logger, string observerId, string targetId, HealthState before, HealthState after, ProbeFailureReason reason, string? detail);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Observer {ObserverId}: site {SiteId} {Before} -> {After}")]
        public static partial void SiteStateChanged(ILogger logger, string observerId, string siteId, HealthState before, HealthState after);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Observer {ObserverId}: application of {ServiceId} at {SiteId} {Before} -> {After}")]
        public static partial void ApplicationStateChanged(ILogger logger, string observerId, string serviceId, string siteId, HealthState before, HealthState after);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Observer {ObserverId} suspects itself and abstains: {Reason}")]
        public static partial void SelfSuspicionRaised(ILogger logger, string observerId, string reason);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Observer {ObserverId} reaches sites again and votes")]
        public static partial void SelfSuspicionCleared(ILogger logger, string observerId);
    }
}
