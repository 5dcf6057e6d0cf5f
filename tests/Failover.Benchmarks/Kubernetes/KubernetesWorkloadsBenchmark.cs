using System.Diagnostics;
using System.Globalization;
using System.Net;
using Failover.Core;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Kubernetes.Client;
using Failover.Kubernetes.Health;
using Failover.Testing;
using Failover.Kubernetes.Workloads;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Benchmarks.Kubernetes;

/// <summary>
/// <c>kubernetes-workloads [--deployments N] [--rounds R] [--probes P]</c>: on a real kube-apiserver (the test fixture,
/// with its fake kubelet), the time for the workload control to scale N Deployments up and see them available, and back
/// down; then the Kubernetes probe's cost per check (API only, and with a Deployment read).
/// </summary>
internal sealed class KubernetesWorkloadsBenchmark : IBenchmark
{
    public string Name => "kubernetes-workloads";

    public string Description => "Kubernetes: scale+available time for N Deployments, probe latency (--deployments N --rounds R --probes P)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = Option(args, "--deployments", 20);
        var rounds = Option(args, "--rounds", 5);
        var probes = Option(args, "--probes", 200);
        var server = new KubeApiServer();
        await server.InitializeAsync();
        try
        {
            var ns = await server.CreateNamespaceAsync("bench");
            await using var kubelet = new FakeKubelet(server, ns);
            using var admin = server.CreateClient();
            var workloads = new List<WorkloadSpec>();
            for (var i = 0; i < count; i++)
            {
                var name = $"web-{i}";
                await admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web(name, replicas: 0), ns, cancellationToken: cancellationToken);
                workloads.Add(new WorkloadSpec(WorkloadKind.Deployment, name, 3, 0));
            }

            var target = new KubernetesTarget("bench", ns, server.WriteKubeconfig(KubeApiServer.AdminToken, "bench", ns));
            using var clients = new KubernetesClientFactory();
            var control = new KubernetesWorkloadControl(Estate(target, workloads), clients, TimeProvider.System, NullLogger.Instance,
                new KubernetesCallOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
            var up = new List<double>();
            var down = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                up.Add(await TimeAsync(() => control.ActivateAsync(Request(round), cancellationToken)));
                down.Add(await TimeAsync(() => control.DeactivateAsync(Request(round), cancellationToken)));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kubernetes-workloads: {count} Deployments x 3 replicas, {rounds} rounds, fake kubelet polling every 50 ms, {Environment.ProcessorCount} cores"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  activate (scale up + wait available): {Summary(up)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  deactivate (scale to 0 + wait gone):  {Summary(down)}"));

            var health = KubernetesHealth.CreateClient(clients);
            foreach (var (label, deployment) in new[] { ("API only (/version)", (string?)null), ("with Deployment read", "web-0") })
            {
                var latencies = new List<double>();
                for (var i = 0; i < probes + 10; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var report = await health.CheckAsync(target, deployment, cancellationToken);
                    if (report.Reason != Core.Health.ProbeFailureReason.None)
                    {
                        throw new InvalidOperationException($"probe failed: {report.Detail}");
                    }

                    if (i >= 10)
                    {
                        latencies.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  probe {label}: {Summary(latencies)} over {probes} checks"));
            }

            return 0;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<double> TimeAsync(Func<Task<WorkloadResult>> action)
    {
        var clock = Stopwatch.StartNew();
        var result = await action();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Detail);
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static WorkloadRequest Request(int round) =>
        new("bench", "site-a", new Epoch(1), $"op-{round}", null, TimeSpan.FromSeconds(60));

    private static string Summary(List<double> values)
    {
        values.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"median {values[values.Count / 2]:0.0} ms, p90 {values[(int)Math.Min(values.Count - 1, Math.Ceiling(values.Count * 0.9) - 1)]:0.0} ms, max {values[^1]:0.0} ms");
    }

    private static Estate Estate(KubernetesTarget target, IReadOnlyList<WorkloadSpec> workloads)
    {
        var site = new Site("site-a", "p", "here", "fd-a", [], [IPAddress.Loopback], target, 1);
        var other = new Site("site-b", "p", "there", "fd-b", [], [IPAddress.Loopback], null, 1);
        var service = new Service("bench", "bench", site.Id, [other.Id], "default", 1,
            new DatabaseSpec("ent", "failover", new SecretReference(SecretSource.Environment, "PG"), ReplicationMode.Sync, new RpoBudget(null, null)),
            new HealthSpec(null), workloads, new TrafficSpec("dns", "ent.example.fr.", TimeSpan.FromSeconds(30)), new ServiceTargets(TimeSpan.FromMinutes(1), TimeSpan.Zero));
        return new Estate([new Provider("p", "p")], [site, other], [service], [], [], []);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
