using Failover.Core.Topology;

namespace Failover.ControlPlane.Hosting;

/// <summary>
/// Which observer a control-plane instance votes as and whether it may act, decided from the estate's observers and
/// what the instance was asked to be (<c>--observer</c>, <c>--observe-only</c>). Either a role, or the refusal.
/// </summary>
/// <param name="ObserverId">The observer id this instance votes as; null when the estate declares no observers.</param>
/// <param name="Acts">False for an instance that only observes.</param>
/// <param name="Refusal">Why the instance must not start; null when the role holds.</param>
public sealed record ObserverRole(string? ObserverId, bool Acts, string? Refusal = null)
{
    public bool IsRefused => Refusal is not null;

    /// <summary>The role, or the first rule it breaks (the message names the flag to give).</summary>
    public static ObserverRole Decide(IReadOnlyList<Observer> observers, string? requestedId, bool observeOnly)
    {
        ArgumentNullException.ThrowIfNull(observers);
        if (requestedId is not null && observers.All(o => o.Id != requestedId))
        {
            return Refused($"--observer '{requestedId}' is not one of the estate's observers ({string.Join(", ", observers.Select(o => o.Id))})");
        }

        if (requestedId is null && observers.Count > 1)
        {
            return Refused($"the estate declares {observers.Count} observers: say which one this instance is with --observer");
        }

        var self = requestedId ?? (observers.Count == 1 ? observers[0].Id : null);
        if (!observeOnly && observers.FirstOrDefault(o => o.Acts) is { } acting && acting.Id != self)
        {
            return Refused($"--observer {self}: the estate's acting observer is '{acting.Id}' (acts: true); run this instance with --observe-only");
        }

        if (!observeOnly && observers.Count > 1 && !observers.Any(o => o.Acts))
        {
            return Refused("the estate declares several observers and none says acts: true: mark the one whose control plane acts, and run the others with --observe-only (two acting control planes could promote different standbys)");
        }

        return new ObserverRole(self, !observeOnly);
    }

    private static ObserverRole Refused(string why) => new(null, false, why);
}
