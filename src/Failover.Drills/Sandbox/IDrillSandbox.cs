namespace Failover.Drills.Sandbox;

/// <summary>
/// Where an isolated drill builds its throwaway copy of a service: a copy of the standby's database, promoted on its own
/// port, an application against it outside public traffic, smoke checks, and the teardown. Every call is idempotent and
/// keyed by the drill id, with its state kept where a restarted control plane finds it (the cleanup runs after a crash).
/// The lab implements it with local processes; an estate without one cannot run isolated drills.
/// </summary>
public interface IDrillSandbox
{
    /// <summary>Copies the standby's database into a throwaway place (e.g. pg_basebackup from the standby).</summary>
    Task<SandboxOutcome> CopyStandbyAsync(DrillScope scope, CancellationToken cancellationToken);

    /// <summary>Starts the copy on its own free port, promotes it, and verifies a write on it.</summary>
    Task<SandboxOutcome> PromoteCopyAsync(DrillScope scope, CancellationToken cancellationToken);

    /// <summary>Starts an application against the promoted copy, outside public traffic.</summary>
    Task<SandboxOutcome> StartApplicationAsync(DrillScope scope, CancellationToken cancellationToken);

    /// <summary>HTTP health, a read and a write through the drill's application.</summary>
    Task<SandboxOutcome> SmokeAsync(DrillScope scope, CancellationToken cancellationToken);

    /// <summary>Stops what the drill started (by process id) and removes what it created; succeeds when nothing is left.</summary>
    Task<SandboxOutcome> CleanupAsync(DrillScope scope, CancellationToken cancellationToken);
}
