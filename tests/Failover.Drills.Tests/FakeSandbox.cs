using System.Collections.Concurrent;
using Failover.Drills;
using Failover.Drills.Sandbox;

namespace Failover.Drills.Tests;

/// <summary>
/// A sandbox that only keeps books: what each drill has created and not yet removed. Core-level drill logic is tested
/// against it; the lab's real sandbox is tested against real PostgreSQL in Failover.Lab.Tests.
/// </summary>
internal sealed class FakeSandbox : IDrillSandbox
{
    public ConcurrentDictionary<string, HashSet<string>> Resources { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    /// <summary>Calls (by step) that fail with this detail.</summary>
    public Dictionary<string, string> Failures { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times the cleanup fails before it succeeds.</summary>
    public int CleanupFailuresLeft { get; set; }

    /// <summary>When set, the promote call waits for this (a step in flight when the control plane dies).</summary>
    public TaskCompletionSource? PromoteGate { get; set; }

    public TaskCompletionSource PromoteEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool AnythingLeft => Resources.Values.Any(r => r.Count > 0);

    public Task<SandboxOutcome> CopyStandbyAsync(DrillScope scope, CancellationToken cancellationToken) =>
        Task.FromResult(Act("copy", scope, "data-dir"));

    public async Task<SandboxOutcome> PromoteCopyAsync(DrillScope scope, CancellationToken cancellationToken)
    {
        PromoteEntered.TrySetResult();
        if (PromoteGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return Act("promote", scope, "postgres-process");
    }

    public Task<SandboxOutcome> StartApplicationAsync(DrillScope scope, CancellationToken cancellationToken) =>
        Task.FromResult(Act("app", scope, "app-process"));

    public Task<SandboxOutcome> SmokeAsync(DrillScope scope, CancellationToken cancellationToken) =>
        Task.FromResult(Act("smoke", scope, null));

    public Task<SandboxOutcome> CleanupAsync(DrillScope scope, CancellationToken cancellationToken)
    {
        Calls.Add("cleanup");
        if (CleanupFailuresLeft > 0)
        {
            CleanupFailuresLeft--;
            return Task.FromResult(SandboxOutcome.Failed("kill failed: operation not permitted"));
        }

        var had = Resources.TryRemove(scope.DrillId, out var left) && left.Count > 0;
        return Task.FromResult(had ? SandboxOutcome.Done($"removed {string.Join(", ", left!)}") : SandboxOutcome.Already("nothing left"));
    }

    private SandboxOutcome Act(string call, DrillScope scope, string? creates)
    {
        Calls.Add(call);
        if (creates is not null)
        {
            Resources.GetOrAdd(scope.DrillId, _ => new HashSet<string>(StringComparer.Ordinal)).Add(creates);
        }

        return Failures.TryGetValue(call, out var why)
            ? SandboxOutcome.Failed(why)
            : SandboxOutcome.Done($"{call} done", call == "promote" ? new Dictionary<string, string> { ["port"] = "54321" } : null);
    }
}
