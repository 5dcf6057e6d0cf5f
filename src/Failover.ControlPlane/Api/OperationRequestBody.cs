using Failover.Core.Operations;

namespace Failover.ControlPlane.Api;

/// <summary>The body of a preview or a request: which operation on which service, towards which site, and why.</summary>
public sealed record OperationRequestBody(string? Service, string? Kind, string? Target, bool Force = false, string? Reason = null)
{
    /// <summary>Turns the body into a request for <paramref name="caller"/>, or names the first field that is wrong.</summary>
    public (OperationRequest? Request, string? Problem) ToRequest(string caller, Core.Topology.Estate estate)
    {
        if (string.IsNullOrWhiteSpace(Service))
        {
            return (null, "'service' is required");
        }

        if (estate.Services.All(s => s.Id != Service))
        {
            return (null, $"'service': no service '{Service}' in the estate");
        }

        if (!Enum.TryParse<OperationKind>(Kind, ignoreCase: true, out var kind) || int.TryParse(Kind, out _) || kind is OperationKind.Drill or OperationKind.Reconcile)
        {
            return (null, $"'kind' must be one of switchover, failover, failback, reprotect, fence, unfence; found '{Kind}'");
        }

        if (Target is not null && estate.Sites.All(s => s.Id != Target))
        {
            return (null, $"'target': no site '{Target}' in the estate");
        }

        if (Force && kind != OperationKind.Failover)
        {
            return (null, "'force' applies to a failover only");
        }

        return (new OperationRequest(Service, kind, Target, caller, string.IsNullOrWhiteSpace(Reason) ? $"requested by {caller}" : Reason, Force), null);
    }
}
