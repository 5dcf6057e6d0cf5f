using Failover.Core.Operations;
using Failover.Drills.Sandbox;

namespace Failover.Drills.Isolated;

/// <summary>
/// One isolated-drill step: a sandbox call with its own deadline. A sandbox failure ends the drill (then its cleanup runs);
/// only the cleanup retries, until the engine's deadline.
/// </summary>
internal abstract class SandboxStep(IDrillSandbox sandbox, DrillOptions options) : IOperationStep
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public bool IsPointOfNoReturn => false;

    public virtual bool AlwaysRuns => false;

    public virtual TimeSpan ExpectedDuration => TimeSpan.FromSeconds(2);

    protected IDrillSandbox Sandbox => sandbox;

    protected DrillOptions Options => options;

    protected virtual TimeSpan Timeout => options.StepTimeout;

    public virtual string? CheckPrecondition(StepContext context) => null;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = new DrillScope(context.Operation.Id, context.Service.Id, context.Member(context.Operation.Plan.TargetSiteId), Timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            return await RunAsync(context, scope, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure($"{Name}: timed out after {Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failure($"{Name}: {e.GetType().Name}: {e.Message}");
        }
    }

    protected virtual async Task<StepOutcome> RunAsync(StepContext context, DrillScope scope, CancellationToken cancellationToken) =>
        From(await CallAsync(scope, cancellationToken));

    protected abstract Task<SandboxOutcome> CallAsync(DrillScope scope, CancellationToken cancellationToken);

    protected StepOutcome From(SandboxOutcome outcome, IReadOnlyDictionary<string, string>? moreFacts = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var facts = new Dictionary<string, string>(outcome.Facts ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (k, v) in moreFacts ?? new Dictionary<string, string>())
        {
            facts[k] = v;
        }

        var detail = DrillFacts.Append(outcome.Detail, facts);
        return outcome switch
        {
            { Succeeded: true, AlreadyDone: true } => StepOutcome.Already(detail),
            { Succeeded: true } => StepOutcome.Done(detail),
            _ => Failure(detail),
        };
    }

    private StepOutcome Failure(string detail) => AlwaysRuns ? StepOutcome.Retry(detail) : StepOutcome.Fatal(detail);
}
