namespace Failover.Core.Health;

/// <summary>Receives every probe result the scheduler produces. Called concurrently; must not block.</summary>
public interface IProbeResultSink
{
    /// <param name="schedulingLag">How late the probe started compared to when it was due.</param>
    void OnProbeCompleted(ProbeTarget target, ProbeResult result, TimeSpan schedulingLag);
}
