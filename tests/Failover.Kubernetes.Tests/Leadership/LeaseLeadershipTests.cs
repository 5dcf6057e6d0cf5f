using Failover.Core.Leadership;
using Failover.Kubernetes.Leadership;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Testing;

namespace Failover.Kubernetes.Tests.Leadership;

[Collection(KubeApiServerGroup.Name)]
public sealed class LeaseLeadershipTests(KubeApiServer server)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ThreeReplicas_LeaderStopped_AnotherLeadsOnceTheLeaseRunsOut()
    {
        var ns = await server.CreateNamespaceAsync("lease");
        await using var replicas = new Replicas(server, ns, "replica-a", "replica-b", "replica-c");

        await Wait.UntilAsync(() => Task.FromResult(replicas.Leaders().Count == 1 && replicas.All(r => r.Leadership.Current.Leader == replicas.Leaders()[0].Leadership.Identity)),
            TimeSpan.FromSeconds(10), "one leader, known to all", () => replicas.Describe());
        var old = replicas.Leaders().Should().ContainSingle().Subject;
        var term = old.Leadership.Current;
        term.Lost.IsCancellationRequested.Should().BeFalse();

        await old.StopAsync();

        term.Lost.IsCancellationRequested.Should().BeTrue("a stopped leader must stop acting at once");
        old.Leadership.Current.IsLeader.Should().BeFalse();
        // The bound is the lease plus generous slack for a loaded machine; the takeover time itself is measured, not asserted.
        await Wait.UntilAsync(() => Task.FromResult(replicas.Leaders().Count == 1),
            LeaseDuration * 4, "a new leader once the old one's lease has run out", () => replicas.Describe());
        var next = replicas.Leaders().Should().ContainSingle().Subject;
        next.Should().NotBeSameAs(old);
        next.Leadership.Current.Term.Should().Be(1);
        await Wait.UntilAsync(() => Task.FromResult(replicas.Running().All(r => r.Leadership.Current.Leader == next.Leadership.Identity)),
            TimeSpan.FromSeconds(5), "followers know the new leader", () => replicas.Describe());
    }

    [Fact]
    public void Options_RenewDeadlineLongerThanLease_AreRefused()
    {
        var act = () => new LeaseLeadershipOptions { Namespace = "failover", Identity = "pod-0", LeaseDuration = TimeSpan.FromSeconds(5), RenewDeadline = TimeSpan.FromSeconds(10) }.Validate();

        act.Should().Throw<ArgumentException>().WithMessage("*renew deadline*lease duration*");
    }

    [Theory]
    [InlineData("Failover", "failover-leader", "pod-0", "--lease-namespace")]
    [InlineData("failover", "Bad_Name", "pod-0", "--lease-name")]
    [InlineData("failover", "failover-leader", " ", "--identity")]
    public void Options_BadValue_IsRefusedNamingTheFlag(string ns, string name, string identity, string flag)
    {
        var act = () => new LeaseLeadershipOptions { Namespace = ns, Name = name, Identity = identity }.Validate();

        act.Should().Throw<ArgumentException>().WithMessage($"{flag}*");
    }

    /// <summary>In-process control-plane replicas, each with its own client and campaign.</summary>
    private sealed class Replicas : IAsyncDisposable
    {
        private readonly List<Replica> _replicas;

        public Replicas(KubeApiServer server, string ns, params string[] identities) =>
            _replicas = identities.Select(id => new Replica(server, new LeaseLeadershipOptions
            {
                Namespace = ns, Identity = id, LeaseDuration = LeaseDuration, RenewDeadline = TimeSpan.FromSeconds(1.5), RetryPeriod = TimeSpan.FromSeconds(0.2),
            })).ToList();

        public bool All(Func<Replica, bool> predicate) => _replicas.All(predicate);

        public List<Replica> Running() => _replicas.Where(r => r.IsRunning).ToList();

        public List<Replica> Leaders() => _replicas.Where(r => r.Leadership.Current.IsLeader).ToList();

        public string Describe() => string.Join(", ", _replicas.Select(r => $"{r.Leadership.Identity}: {r.Leadership.Current.Role} (leader {r.Leadership.Current.Leader ?? "?"})"));

        public async ValueTask DisposeAsync()
        {
            foreach (var r in _replicas)
            {
                await r.StopAsync();
            }
        }
    }

    private sealed class Replica
    {
        private readonly k8s.Kubernetes _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public Replica(KubeApiServer server, LeaseLeadershipOptions options)
        {
            _client = server.CreateClient();
            Leadership = KubernetesLeadership.Create(_client, options);
            _run = Leadership.RunAsync(_stop.Token);
        }

        public ILeadership Leadership { get; }

        public bool IsRunning => !_stop.IsCancellationRequested;

        public async Task StopAsync()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
            _client.Dispose();
        }
    }
}
