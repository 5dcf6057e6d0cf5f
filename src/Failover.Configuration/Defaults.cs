using Failover.Core.Topology;

namespace Failover.Configuration;

/// <summary>Every default of the estate file, in one place: the parsers take each field's default from here.</summary>
public static class Defaults
{
    /// <summary><c>sites[].capacity</c>.</summary>
    public const int SiteCapacity = 1;

    /// <summary><c>sites[].postgres[].port</c>.</summary>
    public const int PostgresPort = 5432;

    /// <summary><c>services[].policy</c>, and the name of the built-in <see cref="Policy"/>.</summary>
    public const string PolicyId = "default";

    /// <summary><c>services[].priority</c> (lower goes first).</summary>
    public const int ServicePriority = 100;

    /// <summary><c>services[].database.replication</c>.</summary>
    public const ReplicationMode Replication = ReplicationMode.Async;

    /// <summary>
    /// <c>services[].database.maxLagSeconds</c> of a <c>replication: sync</c> service: a standby is promoted without a human
    /// only if it was synchronous and streaming until at most this long before the primary was last known to send WAL.
    /// An async service has no default: it must state its budget.
    /// </summary>
    public static readonly TimeSpan SyncMaxLag = RpoBudget.DefaultSyncMaxLag;

    /// <summary><c>services[].health.http.scheme</c>.</summary>
    public const string HealthScheme = "https";

    /// <summary><c>services[].health.http.port</c> when the scheme is http.</summary>
    public const int HttpPort = 80;

    /// <summary><c>services[].health.http.port</c> when the scheme is https.</summary>
    public const int HttpsPort = 443;

    /// <summary><c>services[].health.http.path</c>.</summary>
    public const string HealthPath = "/healthz";

    /// <summary><c>services[].health.http.expectStatus</c>.</summary>
    public const int HealthExpectStatus = 200;

    /// <summary><c>services[].health.http.timeout</c>.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary><c>services[].workloads[].kind</c>.</summary>
    public const WorkloadKind Workload = WorkloadKind.Deployment;

    /// <summary><c>services[].workloads[].standbyReplicas</c>.</summary>
    public const int StandbyReplicas = 0;

    /// <summary><c>services[].primaryPointer.portAnnotation</c>.</summary>
    public const string PrimaryPortAnnotation = PrimaryPointer.DefaultPortAnnotation;

    /// <summary><c>services[].traffic.ttl</c>.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    /// <summary><c>services[].targets.rto</c>.</summary>
    public static readonly TimeSpan Rto = TimeSpan.FromSeconds(60);

    /// <summary><c>services[].targets.rpo</c>.</summary>
    public static readonly TimeSpan Rpo = TimeSpan.FromSeconds(5);

    /// <summary><c>observers[].acts</c>.</summary>
    public const bool ObserverActs = false;

    /// <summary><c>routers[].serverId</c> of a PowerDNS router.</summary>
    public const string PowerDnsServerId = "localhost";

    /// <summary>The port of an RFC 2136 <c>server</c> and of <c>nameservers</c> given without one.</summary>
    public const int DnsPort = 53;

    /// <summary><c>routers[].tsig.algorithm</c> of an RFC 2136 router.</summary>
    public const string TsigAlgorithm = "hmac-sha256";

    /// <summary><c>drills.timeZone</c> (French schools): the time zone of schedules, calendars and windows that do not name one.</summary>
    public const string DrillTimeZone = "Europe/Paris";

    /// <summary><c>policies[].lease</c>: the site agents' write lease (TTL 3 s, drift margin 1 s).</summary>
    public static readonly LeasePolicy Lease = LeasePolicy.Default;

    /// <summary>The <c>policies[]</c> fields' defaults; also the <c>default</c> policy when the file defines none of that name.</summary>
    public static readonly Policy Policy = new(
        PolicyId,
        AutomaticFailover: true,
        new DetectionPolicy(Interval: TimeSpan.FromSeconds(1), GracePeriod: TimeSpan.FromSeconds(10), FailuresToSuspect: 2, FailuresToDown: 3, SuccessesToRecover: 3),
        new QuorumPolicy(null),
        FlapDampingMinInterval: TimeSpan.FromMinutes(30),
        MassFailureMaxLostShare: 0.5,
        new ApprovalPolicy(TwoPersonRule: true, RequestExpiry: TimeSpan.FromMinutes(15), ApproveSwitchovers: false));
}
