using Failover.Core.Engine;
using Failover.Core.Topology;
using Failover.Drills.Switchover;

namespace Failover.Drills.Scheduling;

/// <summary>
/// Starts scheduled drills for real: an isolated drill is requested of the acting engine (which refuses it while an
/// operation runs on the service), a switchover drill is started by the <see cref="SwitchoverDrillRunner"/>. An instance
/// that does not act (a follower, or a leader still loading its journal) launches nothing: it refuses with the reason.
/// </summary>
public sealed class EngineDrillLauncher : IDrillLauncher
{
    private readonly Func<FailoverEngine?> _engine;
    private readonly Func<string?> _whyNotActing;
    private readonly SwitchoverDrillRunner? _switchovers;
    private readonly bool _isolatedAvailable;

    /// <param name="engine">The acting engine, or null when this instance must not act.</param>
    /// <param name="whyNotActing">Why this instance does not act (names the leader), for the refusal.</param>
    /// <param name="switchovers">The switchover drill runner; null refuses switchover drills.</param>
    /// <param name="isolatedAvailable">Whether the engine has the drill extension (a sandbox for the isolated copy).</param>
    public EngineDrillLauncher(Func<FailoverEngine?> engine, Func<string?> whyNotActing, SwitchoverDrillRunner? switchovers, bool isolatedAvailable)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(whyNotActing);
        _engine = engine;
        _whyNotActing = whyNotActing;
        _switchovers = switchovers;
        _isolatedAvailable = isolatedAvailable;
    }

    public async Task<DrillLaunchResult> LaunchAsync(string serviceId, DrillKind kind, string requestedBy, CancellationToken ct)
    {
        if (_engine() is not { } engine)
        {
            return DrillLaunchResult.Refused(_whyNotActing() ?? "this instance does not act");
        }

        if (kind == DrillKind.Switchover)
        {
            return _switchovers is null
                ? DrillLaunchResult.Refused("switchover drills are not available in this control plane")
                : await _switchovers.StartAsync(serviceId, requestedBy, $"scheduled switchover drill ({requestedBy})", null, ct);
        }

        if (!_isolatedAvailable)
        {
            return DrillLaunchResult.Refused("no drill sandbox is configured for this estate: isolated drills need somewhere to build the throwaway copy");
        }

        var result = await engine.RequestAsync(DrillVariants.Request(serviceId, kind, requestedBy, $"scheduled isolated drill ({requestedBy})"), ct);
        return result.Accepted && result.OperationId is { } id ? DrillLaunchResult.Accepted(id) : DrillLaunchResult.Refused(result.Message);
    }
}
