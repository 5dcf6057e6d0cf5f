using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Operations;

namespace Failover.Core.Tests.Engine;

/// <summary>
/// What an operation's end does to the service's state. Cells are shorthand: <c>given</c> lists what the operation did
/// (<c>acted</c>, <c>pnr</c> passed, ran <c>verify</c>) and what the state already holds (<c>needs-reconcile</c>, target
/// <c>fenced</c> by an operator, target <c>reprotect</c> pending, target <c>maybe-writable</c>, target already the committed
/// <c>primary</c>); <c>expected</c> lists the changes (<c>reconcile</c> asked, <c>reconciled</c>, target <c>fenced</c>,
/// target <c>reprotect</c>, target <c>maybe-writable</c>), or <c>-</c> for none.
/// </summary>
public class OperationEndRulesTests
{
    private const string Primary = "ovh-sbg";
    private const string Standby = "ovh-rbx";
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 1, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, OperationKind, OperationStatus, string, string> Rules => new()
    {
        // Stopped half-way: the committed primary may not serve; a reconcile makes it serve again.
        { "failover failed after acting", OperationKind.Failover, OperationStatus.Failed, "acted", "reconcile" },
        { "failover failed before acting", OperationKind.Failover, OperationStatus.Failed, "", "-" },
        { "failover cancelled after acting", OperationKind.Failover, OperationStatus.Cancelled, "acted", "reconcile" },
        { "switchover refused (stale epoch) after acting", OperationKind.Switchover, OperationStatus.Refused, "acted", "reconcile" },
        { "unfence failed after acting", OperationKind.Unfence, OperationStatus.Failed, "acted", "reconcile" },
        { "reconcile failed after acting", OperationKind.Reconcile, OperationStatus.Failed, "acted", "reconcile" },
        { "reconcile already asked", OperationKind.Failover, OperationStatus.Failed, "acted needs-reconcile", "-" },
        { "request expired awaiting approval", OperationKind.Failover, OperationStatus.Expired, "", "-" },

        // A fence that may have acted stays on record, lifted only by a human.
        { "fence failed after acting", OperationKind.Fence, OperationStatus.Failed, "acted", "fenced" },
        { "fence failed after acting, target already fenced", OperationKind.Fence, OperationStatus.Failed, "acted fenced", "-" },
        { "fence failed before acting", OperationKind.Fence, OperationStatus.Failed, "", "-" },
        { "fence past its point of no return", OperationKind.Fence, OperationStatus.Failed, "acted pnr", "fenced" },

        // A half-done rebuild is finished by the automatic reprotect.
        { "reprotect failed after acting", OperationKind.Reprotect, OperationStatus.Failed, "acted", "reprotect" },
        { "reprotect cancelled after acting, already pending", OperationKind.Reprotect, OperationStatus.Cancelled, "acted reprotect", "-" },
        { "reprotect failed before acting", OperationKind.Reprotect, OperationStatus.Failed, "", "-" },

        // A drill acts only on throwaway copies.
        { "drill failed after acting", OperationKind.Drill, OperationStatus.Failed, "acted", "-" },
        { "drill cancelled after acting", OperationKind.Drill, OperationStatus.Cancelled, "acted pnr", "-" },

        // Past the point of no return a promotion may have happened without being committed.
        { "failover failed past its point of no return", OperationKind.Failover, OperationStatus.Failed, "acted pnr", "reconcile maybe-writable" },
        { "switchover failed past its point of no return", OperationKind.Switchover, OperationStatus.Failed, "acted pnr", "reconcile maybe-writable" },
        { "failback failed past its point of no return", OperationKind.Failback, OperationStatus.Failed, "acted pnr", "reconcile maybe-writable" },
        { "failover past its point of no return, target committed", OperationKind.Failover, OperationStatus.Failed, "acted pnr primary", "reconcile" },
        { "failover past its point of no return, target already suspect", OperationKind.Failover, OperationStatus.Failed, "acted pnr maybe-writable", "reconcile" },
        { "failover past its point of no return, reconcile already asked", OperationKind.Failover, OperationStatus.Failed, "acted pnr needs-reconcile", "maybe-writable" },
        { "reprotect past its point of no return", OperationKind.Reprotect, OperationStatus.Failed, "acted pnr", "reprotect" },

        // Success.
        { "reconcile succeeded through verify", OperationKind.Reconcile, OperationStatus.Succeeded, "acted verify needs-reconcile", "reconciled" },
        { "failover succeeded through verify", OperationKind.Failover, OperationStatus.Succeeded, "acted pnr verify needs-reconcile", "reconciled" },
        { "succeeded through verify, nothing to reconcile", OperationKind.Reconcile, OperationStatus.Succeeded, "acted verify", "-" },
        { "succeeded without verify", OperationKind.Fence, OperationStatus.Succeeded, "acted needs-reconcile", "-" },
        { "failover succeeded past its point of no return", OperationKind.Failover, OperationStatus.Succeeded, "acted pnr", "-" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void StateAfter_OperationEnds_ChangesTheServiceStateAsTheRuleSays(string scenario, OperationKind kind, OperationStatus status, string given, string expected)
    {
        var facts = Tokens(given);
        var before = Before(facts);
        var op = Operation(kind, facts);

        var after = OperationEndRules.StateAfter(before, op, status);

        var changes = Tokens(expected);
        if (changes.Count == 0)
        {
            after.Should().BeNull(scenario);
            return;
        }

        after.Should().BeEquivalentTo(Expected(before, changes), o => o.WithStrictOrdering(), scenario);
    }

    private static HashSet<string> Tokens(string cell) =>
        cell.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t != "-").ToHashSet(StringComparer.Ordinal);

    private static ServiceState Before(HashSet<string> facts)
    {
        IReadOnlyList<string> Sites(string fact) => facts.Contains(fact) ? ["scw-par", Standby] : ["scw-par"];
        var primary = facts.Contains("primary") ? Standby : Primary;
        return new ServiceState(
            "ent-1", new Epoch(2), "op-0", primary, Sites("reprotect"), Sites("fenced"), T0.AddDays(-1), facts.Contains("needs-reconcile"), Sites("maybe-writable"));
    }

    private static ServiceState Expected(ServiceState before, HashSet<string> changes) => before with
    {
        NeedsReconcile = changes.Contains("reconcile") || (before.NeedsReconcile && !changes.Contains("reconciled")),
        OperatorFenced = changes.Contains("fenced") ? [.. before.OperatorFenced, Standby] : before.OperatorFenced,
        NeedsReprotect = changes.Contains("reprotect") ? [.. before.NeedsReprotect, Standby] : before.NeedsReprotect,
        MaybeWritable = changes.Contains("maybe-writable") ? [.. before.MaybeWritableSites, Standby] : before.MaybeWritable,
    };

    private static OperationRecord Operation(OperationKind kind, HashSet<string> facts)
    {
        IReadOnlyList<string> steps = facts.Contains("verify") ? ["bump-epoch", "promote-target", "verify"] : ["bump-epoch", "promote-target"];
        var running = OperationRecord.Running(
            "op-1",
            new OperationRequest("ent-1", kind, Standby, OperationRequest.EngineActor, "test"),
            new RecordedPlan(Primary, Standby, "test", new Epoch(2), kind.Promotes() ? new Epoch(3) : new Epoch(2), steps, DataLossQuote.None("test")),
            T0);
        return running with
        {
            Progress = running.Progress with { NextStep = 1, AnyStepActed = facts.Contains("acted"), PointOfNoReturnPassed = facts.Contains("pnr") },
        };
    }
}
