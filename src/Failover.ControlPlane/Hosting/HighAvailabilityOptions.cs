using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Leadership;

namespace Failover.ControlPlane.Hosting;

/// <summary>
/// How several <c>failover serve</c> replicas share the work: a journal in Kubernetes ConfigMaps that only the
/// current leader may write, and leader election on a Lease. Without them, one instance acts (or only observes) on
/// its SQLite journal.
/// </summary>
public sealed record HighAvailabilityOptions
{
    /// <summary>The journal: a SQLite file, or <c>kubernetes://NAMESPACE/NAME</c>.</summary>
    public required string Journal { get; init; }

    public bool LeaderElection { get; init; }

    /// <summary>Defaults to the Kubernetes journal's namespace.</summary>
    public string? LeaseNamespace { get; init; }

    public string LeaseName { get; init; } = "failover-leader";

    /// <summary>Defaults to the pod name (<c>POD_NAME</c>, else the host name, which is the pod name in a pod).</summary>
    public string? Identity { get; init; }

    /// <summary>Null: the pod's service account (in-cluster).</summary>
    public string? Kubeconfig { get; init; }

    public bool ObserveOnly { get; init; }

    public bool UsesKubernetes => LeaderElection || KubernetesJournalLocation.IsKubernetes(Journal);

    /// <summary>The first thing wrong with these options, naming the flag; null when they hold together.</summary>
    public string? Validate()
    {
        KubernetesJournalLocation? location = null;
        if (KubernetesJournalLocation.IsKubernetes(Journal) && !KubernetesJournalLocation.TryParse(Journal, out location, out var error))
        {
            return error;
        }

        if (!LeaderElection)
        {
            return LeaseNamespace is not null || Identity is not null
                ? "--lease-namespace and --identity only make sense with --leader-election"
                : null;
        }

        if (ObserveOnly)
        {
            return "--observe-only and --leader-election exclude each other: with leader election, followers observe by themselves";
        }

        if (location is null)
        {
            return $"--leader-election needs a journal every replica shares and that fences a deposed leader: give --journal kubernetes://NAMESPACE/NAME (found '{Journal}')";
        }

        try
        {
            _ = Lease(location).Validate();
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }

        return null;
    }

    /// <summary>Where the Kubernetes journal lives; null for a SQLite file (or a malformed location, which <see cref="Validate"/> names).</summary>
    internal KubernetesJournalLocation? SharedJournal() =>
        KubernetesJournalLocation.TryParse(Journal, out var location, out _) ? location : null;

    internal LeaseLeadershipOptions Lease(KubernetesJournalLocation? location) => new()
    {
        Namespace = LeaseNamespace ?? location?.Namespace ?? "",
        Name = LeaseName,
        Identity = Identity ?? DefaultIdentity(),
    };

    private static string DefaultIdentity() =>
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
}
