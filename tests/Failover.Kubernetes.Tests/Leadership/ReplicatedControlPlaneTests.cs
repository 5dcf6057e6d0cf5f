using Failover.Configuration;
using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Leadership;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Kubernetes.Tests.Journal;
using Failover.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Kubernetes.Tests.Leadership;

/// <summary>
/// Three control-plane replicas as `failover serve --leader-election --journal kubernetes://…` wires them: a Lease
/// campaign, a Kubernetes journal and the per-term engine each, on the real API server.
/// </summary>
[Collection(KubeApiServerGroup.Name)]
public sealed class ReplicatedControlPlaneTests(KubeApiServer server)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] Identities = ["replica-a", "replica-b", "replica-c"];

    [Fact]
    public async Task LeaderStoppedMidOperation_NextLeaderTakesTheJournalOverAndResumes_OldOneCannotWrite()
    {
        var ns = await server.CreateNamespaceAsync("ha");
        var estate = EstateLoader.LoadFile(Repository.PathOf("manifests", "estate.example.yaml")).Estate!;
        var replicas = Identities.Select(id => new Replica(server, ns, id, estate)).ToList();
        try
        {
            // Every replica turns its loop; exactly one builds an engine (and takes the journal over).
            await Wait.UntilAsync(async () => (await TurnAllAsync(replicas)).Count == 1, TimeSpan.FromSeconds(10), "one acting replica", () => Describe(replicas));
            var first = replicas.Single(r => r.Engines.Current is not null);
            (await TurnAllAsync(replicas)).Should().ContainSingle().Which.Should().BeSameAs(first);

            // The leader journals an operation running at step 2, then dies.
            var service = estate.Services[0];
            var op = OperationRecord.Running(
                "op-000001-switchover-" + service.Id,
                new OperationRequest(service.Id, OperationKind.Switchover, service.StandbySiteIds[0], "alice", "maintenance"),
                new RecordedPlan(service.PrimarySiteId, service.StandbySiteIds[0], "preference #1", Core.Epoch.Initial, new Core.Epoch(2),
                    ["check", "fence-source", "promote-target", "switch-traffic"], new DataLossQuote(0, TimeSpan.Zero, false, "planned")),
                TimeProvider.System.GetUtcNow()).AtStep(2);
            await first.Journal.WriteAsync(JournalWrite.Of(op), None);
            await first.StopAsync();
            first.Engines.Current.Should().BeNull("a stopped leader stops acting at once");

            await Wait.UntilAsync(async () => (await TurnAllAsync(replicas)).Count == 1, TimeSpan.FromSeconds(8), "a new acting replica", () => Describe(replicas));
            var next = replicas.Single(r => r.Engines.Current is not null);
            next.Should().NotBeSameAs(first);
            next.Journal.Term.Should().Be(2, "the new leader took the journal over for a new term");
            next.Engines.Current!.ActiveOperations.Should().ContainSingle().Which.Progress.NextStep.Should().Be(2, "the next leader resumes from the journal");
            (await next.Journal.ReadEntriesAsync(op.Id, None))[^1].Kind.Should().Be(JournalEntryKind.Resumed);

            var late = () => first.Journal.WriteAsync(JournalWrite.Of(op.AtStep(3)), None);
            await late.Should().ThrowAsync<NotLeaderException>("the old leader's journal writes are fenced");
        }
        finally
        {
            foreach (var r in replicas)
            {
                await r.StopAsync();
                r.Dispose();
            }
        }
    }

    private static async Task<List<Replica>> TurnAllAsync(List<Replica> replicas)
    {
        foreach (var r in replicas.Where(r => r.Running))
        {
            await r.TurnAsync();
        }

        return replicas.Where(r => r.Engines.Current is not null).ToList();
    }

    private static string Describe(List<Replica> replicas) =>
        string.Join(", ", replicas.Select(r => $"{r.Leadership.Identity}: {r.Leadership.Current.Role}, engine {(r.Engines.Current is null ? "none" : "yes")}, journal term {r.Journal.Term}"));

    private sealed class Replica : IDisposable
    {
        private readonly k8s.Kubernetes _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _campaign;

        public Replica(KubeApiServer server, string ns, string identity, Core.Topology.Estate estate)
        {
            _client = server.CreateClient();
            Leadership = KubernetesLeadership.Create(_client, new LeaseLeadershipOptions
            {
                Namespace = ns, Identity = identity, LeaseDuration = TimeSpan.FromSeconds(2), RenewDeadline = TimeSpan.FromSeconds(1.5), RetryPeriod = TimeSpan.FromSeconds(0.2),
            });
            Journal = new KubernetesJournalStore(_client, ns, "failover-journal");
            Engines = new LeaderEngine(Leadership, Journal, () => new FailoverEngine(estate, Stubs.Seams, Journal, TimeProvider.System), NullLogger<LeaderEngine>.Instance);
            _campaign = Leadership.RunAsync(_stop.Token);
        }

        public ILeadership Leadership { get; }

        public KubernetesJournalStore Journal { get; }

        public LeaderEngine Engines { get; }

        public bool Running => !_stop.IsCancellationRequested;

        /// <summary>What the control loop does each turn before ticking: act only with this term's engine.</summary>
        public async Task TurnAsync()
        {
            try
            {
                await Engines.EnsureAsync(None);
            }
            catch (NotLeaderException e)
            {
                Engines.Deposed(e);
            }
        }

        public async Task StopAsync()
        {
            if (!Running)
            {
                return;
            }

            await _stop.CancelAsync();
            await _campaign;
            await Engines.EnsureAsync(None);
        }

        public void Dispose()
        {
            Engines.Dispose();
            Journal.Dispose();
            _client.Dispose();
            _stop.Dispose();
        }
    }
}
