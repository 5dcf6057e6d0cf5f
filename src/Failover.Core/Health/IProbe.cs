namespace Failover.Core.Health;

/// <summary>
/// Speaks one protocol to one kind of target and returns an outcome for every failure it can name. The call is bounded
/// by its caller: <see cref="ProbeDeadline"/> applies the target's timeout through the token, measures the call and turns a
/// timeout or an unexpected exception into a result, so a probe never needs a clock or a timeout of its own.
/// </summary>
public interface IProbe
{
    bool CanProbe(ProbeTarget target);

    ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken);
}
