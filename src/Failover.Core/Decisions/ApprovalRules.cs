using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;

namespace Failover.Core.Decisions;

/// <summary>Whether an operation needs a human's approval, and whether a given person may give it.</summary>
public static class ApprovalRules
{
    /// <returns>Null when no approval is needed, otherwise why one is.</returns>
    public static string? Required(OperationRequest request, Policy policy, DataLossQuote quote)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(quote);
        var reasons = new List<string>();
        switch (request.Kind)
        {
            case OperationKind.Failover when request.IsAutomatic:
                if (!policy.AutomaticFailover)
                {
                    reasons.Add($"policy {policy.Id} does not allow automatic failover");
                }

                if (!quote.WithinBudget)
                {
                    reasons.Add($"data loss beyond the RPO budget: {quote}");
                }

                break;
            case OperationKind.Failover:
                if (policy.Approval.TwoPersonRule)
                {
                    reasons.Add($"policy {policy.Id} requires a second person for a failover");
                }

                if (!quote.WithinBudget && !request.Force)
                {
                    reasons.Add($"data loss beyond the RPO budget: {quote} (or request with force)");
                }

                break;
            case OperationKind.Switchover or OperationKind.Failback when !request.IsAutomatic && policy.Approval.ApproveSwitchovers:
                reasons.Add($"policy {policy.Id} requires approval of switchovers");
                break;
            default:
                break;
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <returns>Null when <paramref name="approver"/> may approve <paramref name="operation"/> now, otherwise why not.</returns>
    public static string? CheckApprover(OperationRecord operation, string approver, Policy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(approver))
        {
            return "approver: a name is required";
        }

        if (approver == OperationRequest.EngineActor)
        {
            return "approver: the engine cannot approve its own requests";
        }

        if (operation.Status != OperationStatus.AwaitingApproval)
        {
            return $"operation {operation.Id} is {operation.Status}, not awaiting approval";
        }

        if (operation.Request.ExpiresAt is { } expiry && now >= expiry)
        {
            return $"operation {operation.Id} expired at {expiry:O}";
        }

        if (policy.Approval.TwoPersonRule && string.Equals(approver, operation.Request.RequestedBy, StringComparison.OrdinalIgnoreCase))
        {
            return $"two-person rule: {approver} requested operation {operation.Id} and cannot also approve it";
        }

        return null;
    }
}
