using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Leadership;
using k8s;
using Microsoft.Extensions.Logging;

namespace Failover.ControlPlane.Hosting;

/// <summary>
/// How several <c>failover serve</c> replicas share the work: a journal in Kubernetes ConfigMaps that only the
/// current leader may write, and leader election on a Lease. Without them, one instance acts (or only observes).
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

    internal LeaseLeadershipOptions Lease(KubernetesJournalLocation? location) => new()
    {
        Namespace = LeaseNamespace ?? location?.Namespace ?? "",
        Name = LeaseName,
        Identity = Identity ?? DefaultIdentity(),
    };

    private static string DefaultIdentity() =>
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
}

/// <summary>Builds the journal and leadership <see cref="HighAvailabilityOptions"/> describe.</summary>
public static class HighAvailability
{
    /// <summary>
    /// The Kubernetes journal and Lease leadership when asked for (both null otherwise: the caller opens the SQLite
    /// journal and leadership follows <see cref="ControlPlaneOptions.Acts"/>). The client is the caller's to dispose.
    /// </summary>
    public static (IJournalStore? Journal, ILeadership? Leadership, IDisposable? Client) Create(HighAvailabilityOptions options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        if (options.Validate() is { } error)
        {
            throw new ArgumentException(error);
        }

        if (!options.UsesKubernetes)
        {
            return (null, null, null);
        }

        KubernetesJournalLocation? location = null;
        if (KubernetesJournalLocation.IsKubernetes(options.Journal) && !KubernetesJournalLocation.TryParse(options.Journal, out location, out var bad))
        {
            throw new ArgumentException(bad);
        }

        IKubernetes client = KubernetesClients.Create(options.Kubeconfig);
        IJournalStore? journal = location is null ? null : new KubernetesJournalStore(client, location.Namespace, location.Name, logger: loggers.CreateLogger<KubernetesJournalStore>());
        var leadership = options.LeaderElection ? KubernetesLeadership.Create(client, options.Lease(location), loggers.CreateLogger("Failover.Kubernetes.Leadership")) : null;
        return (journal, leadership, client);
    }
}
