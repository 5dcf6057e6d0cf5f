using System.Net;
using Failover.ControlPlane.Hosting;
using Failover.ControlPlane.Runtime;
using Failover.Core;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Drills;
using Failover.Lab.DemoApp;
using Failover.Lab.Drills;
using Failover.Lab.Processes;
using Failover.Postgres;
using Failover.Testing;
using Failover.Traffic.Edge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Failover.Lab.Tests.Drills;

/// <summary>
/// A two-site estate on a real PostgreSQL primary and streaming standby (started by the test on free loopback ports), the
/// real adapters a control plane composes (PostgreSQL, the in-process edge, the SQLite journal), the engine with the drill
/// extension over the lab's sandbox. Everything started here is stopped on dispose, by pid.
/// </summary>
internal sealed class DrillLab : IAsyncDisposable
{
    public const string ServiceId = "ent-drill";
    public const string PrimarySite = "primary";
    public const string StandbySite = "standby1";

    private DrillLab(PostgresCluster cluster, EdgeProxy edge, string directory, Estate estate)
    {
        Cluster = cluster;
        Edge = edge;
        Directory = directory;
        Estate = estate;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    public PostgresCluster Cluster { get; }

    public EdgeProxy Edge { get; }

    public string Directory { get; }

    public Estate Estate { get; }

    public HttpClient Http { get; }

    public LabDrillSandbox Sandbox { get; private set; } = null!;

    /// <summary>The control plane's container: what `failover serve` composes, with the lab's rebuild and sandbox.</summary>
    public ServiceProvider? Services { get; private set; }

    public EngineSeams Seams { get; private set; } = null!;

    public FailoverEngine Engine { get; private set; } = null!;

    public IJournalStore Journal { get; private set; } = null!;

    public string SandboxRoot => Path.Combine(Directory, "drills");

    /// <summary>The server of each site.</summary>
    public IReadOnlyDictionary<string, PostgresInstance> Sites => new Dictionary<string, PostgresInstance>(StringComparer.Ordinal)
    {
        [PrimarySite] = Cluster.Primary,
        [StandbySite] = Cluster.Standbys[0],
    };

    public static TrafficRoute Route => new(ServiceId, "edge", "ent.drill.test");

    public ITrafficRouter Router => Seams.Routers[0];

    public static async Task<DrillLab> StartAsync(EngineOptions? options = null)
    {
        var cluster = await PostgresCluster.StartAsync(1);
        await cluster.Primary.ExecuteAsync(DemoApplication.SchemaSql, cluster.Database);
        await cluster.Primary.ExecuteAsync("CREATE TABLE IF NOT EXISTS writer (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())", cluster.Database);
        var edge = await EdgeProxy.StartAsync(new EdgeProxyOptions { ListenUrl = new Uri("http://127.0.0.1:0") }, null, CancellationToken.None);
        var directory = System.IO.Directory.CreateTempSubdirectory("failover-drill-").FullName;
        // The copy's server programs run as postgres: they must be able to traverse to the sandbox.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var lab = new DrillLab(cluster, edge, directory, BuildEstate(cluster));
        try
        {
            await lab.RestartControlPlaneAsync(options);
            var service = lab.Estate.Service(ServiceId);
            var switched = await lab.Router.SwitchAsync(
                new SwitchRequest(Route, [Members.TrafficTarget(lab.Estate, service, PrimarySite)], TimeSpan.FromSeconds(30), Epoch.Initial, TimeSpan.FromSeconds(10)),
                CancellationToken.None);
            if (switched.Outcome is not (SwitchOutcome.Applied or SwitchOutcome.AlreadyInPlace))
            {
                throw new InvalidOperationException($"could not point the edge at the primary: {switched.Reason}");
            }

            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new control plane (adapters, sandbox, engine) on the same journal file, as after a crash of the old one.</summary>
    public async Task RestartControlPlaneAsync(EngineOptions? options = null)
    {
        Engine?.Dispose();
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        var secrets = new EnvironmentAndFileSecretResolver();
        Sandbox = new LabDrillSandbox(SandboxRoot, Cluster.Programs, secrets, Http);
        var services = new ServiceCollection().AddFailoverControlPlane(
            Estate, new ControlPlaneOptions { ConfigFile = "test", TokensFile = "test" }, new HighAvailabilityOptions { Journal = Path.Combine(Directory, "journal.db") });
        services.AddSingleton(Edge);
        services.Replace(ServiceDescriptor.Singleton<IStandbyRebuild>(new ClusterStandbyRebuild(Cluster, Sites, secrets)));
        services.AddFailoverDrillSandbox(Sandbox);
        Services = services.BuildServiceProvider();
        Seams = Services.GetRequiredService<EngineSeams>();
        Journal = Services.GetRequiredService<IJournalStore>();
        Engine = new FailoverEngine(Estate, Seams, Journal, TimeProvider.System, options ?? new EngineOptions());
        await Engine.InitializeAsync(CancellationToken.None);
    }

    public Task<TickReport> TickAsync(CancellationToken cancellationToken = default) =>
        Engine.TickAsync(new EngineTick(
            Estate.Sites.Select(s => new SiteVerdict(s.Id, HealthState.Healthy, DateTimeOffset.UnixEpoch, TimeSpan.Zero, false, null,
                new VerdictEvidence([], ["lab"], new Dictionary<string, string>(), new Dictionary<string, string>()))).ToList(), []),
            cancellationToken);

    /// <summary>Ticks until the operation has ended (bounded), returning it.</summary>
    public async Task<OperationRecord> RunToEndAsync(string operationId, TimeSpan within)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await TickAsync();
            var op = (await Journal.GetOperationAsync(operationId, CancellationToken.None))!;
            if (op.Status.IsTerminal())
            {
                return op;
            }

            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"{operationId} did not end within {within}: {op.Status} at step {op.Progress.NextStep}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Engine?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
            // Whatever a failed test left: the copy's server, by pid.
            foreach (var dir in System.IO.Directory.Exists(SandboxRoot) ? System.IO.Directory.GetDirectories(SandboxRoot) : [])
            {
                if (Sandbox.PostgresPid(Path.GetFileName(dir)) is { } pid)
                {
                    await ProcessTree.KillAsync(pid, TimeSpan.FromSeconds(10));
                }
            }
        }

        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        await Edge.DisposeAsync();
        await Cluster.DisposeAsync();
        Http.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static Estate BuildEstate(PostgresCluster cluster)
    {
        Site Site(string id, PostgresInstance instance, int n) =>
            new(id, "local", id, id, [instance.Endpoint], [IPAddress.Parse($"127.0.0.{n}")], null, 100);
        var detection = new DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 3, 2);
        var service = new Service(
            ServiceId, "ENT drill", PrimarySite, [StandbySite], "manual", 1,
            new DatabaseSpec(cluster.Database, "postgres", cluster.SuperuserSecret, ReplicationMode.Async, new RpoBudget(16 * 1024 * 1024, null)),
            new HealthSpec(new HttpHealthCheck("http", 8081, "/healthz", 200, null, TimeSpan.FromSeconds(2))),
            [],
            new TrafficSpec("edge", "ent.drill.test", TimeSpan.FromSeconds(30)),
            new ServiceTargets(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30)));
        return new Estate(
            [new Provider("local", "loopback")],
            [Site(PrimarySite, cluster.Primary, 1), Site(StandbySite, cluster.Standbys[0], 2)],
            [service],
            [new Observer("lab", "lab", null)],
            [new Policy("manual", false, detection, new QuorumPolicy(null), TimeSpan.FromMinutes(5), 0.5, new ApprovalPolicy(false, TimeSpan.FromMinutes(2), false))],
            [new EdgeRouterSpec("edge", null)]);
    }
}
