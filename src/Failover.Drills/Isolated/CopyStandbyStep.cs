using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Drills.Sandbox;

namespace Failover.Drills.Isolated;

/// <summary>
/// Copies the standby at the drill's target site (never the primary), and journals how far behind the primary the
/// standby was: the data a real failover at this instant would have lost.
/// </summary>
internal sealed class CopyStandbyStep(IDrillSandbox sandbox, DrillOptions options) : SandboxStep(sandbox, options)
{
    public const string StepName = "drill-copy-standby";

    public override string Name => StepName;

    public override string Description => "copy the standby's database into a throwaway place (pg_basebackup from the standby)";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(10);

    protected override TimeSpan Timeout => Options.CopyTimeout;

    public override string? CheckPrecondition(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Operation.Plan.TargetSiteId == context.State.PrimarySiteId
            ? $"{context.Operation.Plan.TargetSiteId} is the primary: a drill copies a standby, never the primary"
            : null;
    }

    protected override async Task<StepOutcome> RunAsync(StepContext context, DrillScope scope, CancellationToken cancellationToken)
    {
        var primary = await context.Seams.Replication.ObserveAsync(context.Member(context.State.PrimarySiteId), cancellationToken);
        var standby = await context.Seams.Replication.ObserveAsync(scope.Standby, cancellationToken);
        if (standby is not { Reachable: true, Role: DatabaseRole.Standby })
        {
            return StepOutcome.Fatal($"{scope.Standby.SiteId} is not a reachable standby ({standby.Failure} {standby.FailureDetail}): nothing to rehearse a failover to");
        }

        var facts = Freshness(primary, standby);
        return From(await CallAsync(scope, cancellationToken), facts);
    }

    protected override Task<SandboxOutcome> CallAsync(DrillScope scope, CancellationToken cancellationToken) => Sandbox.CopyStandbyAsync(scope, cancellationToken);

    /// <summary>The standby's lag behind the primary, as a real failover now would have lost it.</summary>
    internal static Dictionary<string, string> Freshness(MemberObservation primary, MemberObservation standby)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (primary is not { Reachable: true, CurrentLsn: { } head } || standby.ReplayLsn is not { } replayed)
        {
            return facts;
        }

        var lag = head.Value > replayed.Value ? (long)(head.Value - replayed.Value) : 0;
        facts[DrillFacts.LagBytes] = DrillFacts.Of(lag);
        var lagTime = lag == 0
            ? TimeSpan.Zero
            : primary.Replicas.Count == 1 ? primary.Replicas[0].ReplayLag : null;
        if (lagTime is { } t)
        {
            facts[DrillFacts.LagMilliseconds] = DrillFacts.Of((long)t.TotalMilliseconds);
        }

        return facts;
    }
}
