namespace Failover.Core.Health;

/// <summary>Probes one kind of target. Honors the target's timeout itself and returns a result for every failure.</summary>
public interface IProbe
{
    bool CanProbe(ProbeTarget target);

    ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken);
}
