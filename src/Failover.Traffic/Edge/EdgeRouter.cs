using Failover.Core.Traffic;
using Microsoft.Extensions.Logging;

namespace Failover.Traffic.Edge;

/// <summary>
/// The <see cref="ITrafficRouter"/> of an edge proxy: a switch replaces the service's route (one site, or several with
/// weights for a staged move) and is verified when the proxy reports it routes by it. Clients see the new route on
/// their next request, so the worst-case staleness is zero.
/// </summary>
internal sealed partial class EdgeRouter : ITrafficRouter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly string _routerId;
    private readonly IEdgeControl _control;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EdgeRouter(string routerId, IEdgeControl control, TimeProvider time, ILogger logger)
    {
        _routerId = routerId;
        _control = control;
        _time = time;
        _logger = logger;
    }

    public string Kind => "edge";

    public async Task<TrafficState> ReadAsync(TrafficRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var read = await _control.ReadAsync(route.ServiceId, cancellationToken);
        if (!read.Succeeded)
        {
            throw new TrafficReadException($"edge router {_routerId}: {read.Error}");
        }

        if (read.Value is not { } status)
        {
            return new TrafficState(route, [], null, null);
        }

        return new TrafficState(route, [.. status.Route.Targets.Select(t => new WeightedTarget(t.SiteId, [], t.Upstreams, t.Weight))], null, status.Route.Epoch);
    }

    public async Task<SwitchResult> SwitchAsync(SwitchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var route = new EdgeServiceRoute(
            request.Route.ServiceId, request.Route.Name, [.. request.Targets.Select(t => new EdgeSiteTarget(t.SiteId, t.Upstreams, t.Weight))], request.Epoch);
        var applied = await _control.ApplyAsync(route, cancellationToken);
        switch (applied.Outcome)
        {
            case EdgeApplyOutcome.RefusedStaleEpoch:
                return new SwitchResult(SwitchOutcome.RefusedStaleEpoch, applied.Reason, null, TimeSpan.Zero, applied.PreviousEpoch);
            case EdgeApplyOutcome.Invalid or EdgeApplyOutcome.Failed:
                Log.Failed(_logger, _routerId, request.Route.ServiceId, applied.Reason ?? "");
                return new SwitchResult(SwitchOutcome.Failed, $"edge router {_routerId}: {applied.Reason}", null, TimeSpan.Zero, applied.PreviousEpoch);
        }

        var deadline = request.VerificationTimeout;
        while (true)
        {
            var read = await _control.ReadAsync(route.ServiceId, cancellationToken);
            if (read.Succeeded && read.Value is { Live: true } status && status.Route.SameTargets(route))
            {
                var outcome = applied.Outcome == EdgeApplyOutcome.AlreadyInPlace ? SwitchOutcome.AlreadyInPlace : SwitchOutcome.Applied;
                return new SwitchResult(outcome, applied.Reason, _time.GetElapsedTime(started), TimeSpan.Zero, applied.PreviousEpoch);
            }

            if (_time.GetElapsedTime(started) >= deadline)
            {
                var why = read.Succeeded ? "the proxy does not route by it yet" : read.Error;
                Log.Failed(_logger, _routerId, request.Route.ServiceId, why ?? "");
                return new SwitchResult(SwitchOutcome.Failed, $"edge router {_routerId}: route of {route.ServiceId} not live within {deadline}: {why}",
                    null, TimeSpan.Zero, applied.PreviousEpoch);
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5170, Level = LogLevel.Error, Message = "Edge router {RouterId}: switch of {ServiceId} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string routerId, string serviceId, string reason);
    }
}
