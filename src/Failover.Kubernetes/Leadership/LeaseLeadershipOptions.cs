using System.Text.RegularExpressions;

namespace Failover.Kubernetes.Leadership;

/// <summary>
/// Leader election on a coordination.k8s.io Lease. Defaults are client-go's: a leader that cannot renew for
/// <see cref="RenewDeadline"/> stops acting, and the others take over <see cref="LeaseDuration"/> after its last renewal.
/// </summary>
public sealed partial record LeaseLeadershipOptions
{
    public required string Namespace { get; init; }

    public string Name { get; init; } = "failover-leader";

    /// <summary>This replica's identity: its pod name (the host name in a pod).</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Fails naming the first bad setting.</summary>
    public LeaseLeadershipOptions Validate()
    {
        if (string.IsNullOrEmpty(Namespace) || !Dns1123Label().IsMatch(Namespace))
        {
            throw new ArgumentException($"--lease-namespace: '{Namespace}' is not a namespace name (DNS-1123 label)");
        }

        if (string.IsNullOrEmpty(Name) || Name.Length > 253 || !Dns1123Subdomain().IsMatch(Name))
        {
            throw new ArgumentException($"--lease-name: '{Name}' is not a Lease name (DNS-1123 subdomain)");
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            throw new ArgumentException("--identity: an identity is required (the pod name by default)");
        }

        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException($"leader election: need 0 < retry period ({RetryPeriod}) < renew deadline ({RenewDeadline}) < lease duration ({LeaseDuration})");
        }

        return this;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();
}
