using Failover.Core.Traffic;
using Microsoft.Extensions.Logging;

namespace Failover.Lab;

/// <summary>
/// The lab's router of kind edge: switches the edge (the authority for the lab's traffic; its result is the switch's
/// result), then, when the edge is in place, moves the service's DNS name at the lab's PowerDNS server with the same
/// epoch. A DNS failure never fails the switch: it is logged and told in the result's reason.
/// </summary>
internal sealed partial class LabTrafficRouter(ITrafficRouter edge, ITrafficRouter dns, string dnsRouterId, ILogger logger) : ITrafficRouter
{
    /// <summary>PowerDNS refuses a TTL of 0; the lab's service has one (the edge switches at once).</summary>
    private static readonly TimeSpan MinimumDnsTtl = TimeSpan.FromSeconds(1);

    public string Kind => edge.Kind;

    public Task<TrafficState> ReadAsync(TrafficRoute route, CancellationToken cancellationToken) => edge.ReadAsync(route, cancellationToken);

    public async Task<SwitchResult> SwitchAsync(SwitchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await edge.SwitchAsync(request, cancellationToken);
        if (result.Outcome is not (SwitchOutcome.Applied or SwitchOutcome.AlreadyInPlace))
        {
            Log.DnsNotMoved(logger, request.Route.Name, result.Outcome);
            return result;
        }

        var dnsOutcome = await SwitchDnsAsync(request, cancellationToken);
        return result with { Reason = result.Reason is null ? dnsOutcome : $"{result.Reason}; {dnsOutcome}" };
    }

    private async Task<string> SwitchDnsAsync(SwitchRequest request, CancellationToken cancellationToken)
    {
        var ttl = request.Ttl < MinimumDnsTtl ? MinimumDnsTtl : TimeSpan.FromSeconds(Math.Ceiling(request.Ttl.TotalSeconds));
        var dnsRequest = request with { Route = request.Route with { RouterId = dnsRouterId }, Ttl = ttl };
        var site = string.Join(", ", request.Targets.Where(t => t.Weight > 0).Select(t => t.SiteId));
        SwitchResult result;
        try
        {
            result = await dns.SwitchAsync(dnsRequest, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A router reports failures as results; should this one throw, the edge's switch still stands.
            result = new SwitchResult(SwitchOutcome.Failed, e.Message, null, TimeSpan.Zero, null);
        }

        if (result.Outcome is SwitchOutcome.Applied or SwitchOutcome.AlreadyInPlace)
        {
            Log.DnsMoved(logger, request.Route.Name, site, request.Epoch.Value, result.Outcome);
            return $"DNS {request.Route.Name} {(result.Outcome == SwitchOutcome.Applied ? "moved" : "already points")} to {site}";
        }

        Log.DnsFailed(logger, request.Route.Name, site, request.Epoch.Value, result.Outcome, result.Reason ?? "no reason given");
        return $"DNS {request.Route.Name} NOT moved to {site} ({result.Outcome}: {result.Reason}); the edge serves {site} regardless";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Lab DNS {Name} points at {SiteId} at epoch {Epoch} ({Outcome})")]
        public static partial void DnsMoved(ILogger logger, string name, string siteId, long epoch, SwitchOutcome outcome);

        [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "Lab DNS {Name} was not moved to {SiteId} at epoch {Epoch} ({Outcome}: {Reason}); the edge switch stands")]
        public static partial void DnsFailed(ILogger logger, string name, string siteId, long epoch, SwitchOutcome outcome, string reason);

        [LoggerMessage(EventId = 7303, Level = LogLevel.Information, Message = "Lab DNS {Name} left as is: the edge switch ended {Outcome}")]
        public static partial void DnsNotMoved(ILogger logger, string name, SwitchOutcome outcome);
    }
}
