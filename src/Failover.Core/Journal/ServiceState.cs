namespace Failover.Core.Journal;

/// <summary>
/// What the control plane holds true about one service, journaled atomically with the step that changes it.
/// </summary>
/// <param name="Epoch">The service's fencing token; grows with every promotion.</param>
/// <param name="EpochOwner">The operation that bumped the epoch to its value (null for the initial epoch).</param>
/// <param name="PrimarySiteId">The committed primary.</param>
/// <param name="NeedsReprotect">Sites whose member must be rebuilt as a standby of the primary before it can be promoted.</param>
/// <param name="OperatorFenced">Sites an operator fenced; the engine never unfences them by itself.</param>
/// <param name="LastFailoverAt">When the last failover's promotion committed (flap damping; switchovers and failbacks do not count).</param>
/// <param name="NeedsReconcile">An operation stopped half-way: the committed primary must be made to serve again.</param>
public sealed record ServiceState(
    string ServiceId,
    Epoch Epoch,
    string? EpochOwner,
    string PrimarySiteId,
    IReadOnlyList<string> NeedsReprotect,
    IReadOnlyList<string> OperatorFenced,
    DateTimeOffset? LastFailoverAt,
    bool NeedsReconcile,
    IReadOnlyList<string>? MaybeWritable = null)
{
    /// <summary>Sites other than the primary that may hold a writable primary: a promotion passed its point of no return without committing.</summary>
    public IReadOnlyList<string> MaybeWritableSites => MaybeWritable ?? [];

    public static ServiceState Initial(Topology.Service service) =>
        new(service.Id, Epoch.Initial, null, service.PrimarySiteId, [], [], null, false);
}
