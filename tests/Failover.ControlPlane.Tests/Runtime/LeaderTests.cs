using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Configuration;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Topology;
using Failover.Postgres;
using Failover.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.ControlPlane.Tests.Runtime;

/// <summary>Leadership in the control plane: one engine per term, followers refuse commands naming the leader.</summary>
public sealed class LeaderTests : IAsyncLifetime
{
    private readonly SwitchableLeadership _leadership = new("replica-a");
    private readonly InMemoryJournalStore _journal = new();
    private readonly int _port = FreePort.Tcp();
    private readonly HttpClient _http = new();
    private Estate _estate = null!;
    private WebApplication? _host;

    public async Task InitializeAsync()
    {
        _estate = TestEstate();
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_port}");
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ControlPlaneServer.OperatorToken);
        var tokens = TokenFile.Parse($"{ControlPlaneServer.OperatorToken},oscar,operator\n", "test");
        _host = ControlPlaneHost.Build(
            new ControlPlaneOptions { ConfigFile = "test", TokensFile = "test", Url = _http.BaseAddress.ToString(), JsonLogs = true }, _estate, tokens,
            new HighAvailabilityOptions { Journal = "unused.db" },
            services => services.Replace(ServiceDescriptor.Singleton<IJournalStore>(_journal)).Replace(ServiceDescriptor.Singleton<ILeadership>(_leadership)));
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        _http.Dispose();
        _leadership.Dispose();
    }

    [Fact]
    public void LeaderEngine_AnAcceptedCommand_WakesTheTurnAwaitedBeforeIt_AndOnlyThatOne()
    {
        using var leaders = new LeaderEngine(_leadership, _journal, () => new FailoverEngine(_estate, Stubs(), _journal, TimeProvider.System), NullLogger<LeaderEngine>.Instance);
        var awaitedDuringATurn = leaders.TurnRequested;
        awaitedDuringATurn.IsCompleted.Should().BeFalse("nothing asked for a turn yet");

        leaders.RequestTurn(); // a command accepted while the loop was busy with its turn

        awaitedDuringATurn.IsCompleted.Should().BeTrue("the loop takes its next turn at once instead of at the next tick");
        leaders.TurnRequested.IsCompleted.Should().BeFalse("the turn after that waits for the timer or a new command");
        leaders.RequestTurn();
        leaders.RequestTurn();
        leaders.TurnRequested.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task LeaderEngine_EachTerm_GetsAFreshEngineAndLosingLeadershipDropsIt()
    {
        using var leadership = new SwitchableLeadership("replica-a");
        var journal = new InMemoryJournalStore();
        var built = 0;
        using var leaders = new LeaderEngine(leadership, journal, () => { built++; return new FailoverEngine(_estate, Stubs(), journal, TimeProvider.System); }, NullLogger<LeaderEngine>.Instance);

        (await leaders.EnsureAsync(CancellationToken.None)).Should().BeNull("a follower has no engine");
        leadership.Follow("replica-b");
        leaders.Refusal().Should().Contain("follower").And.Contain("replica-b");

        leadership.Lead();
        var first = await leaders.EnsureAsync(CancellationToken.None);
        first.Should().NotBeNull();
        leaders.Current.Should().BeSameAs(first);
        (await leaders.EnsureAsync(CancellationToken.None)).Should().BeSameAs(first, "one engine per term");
        (await journal.ListServiceStatesAsync(CancellationToken.None)).Should().HaveCount(1, "the term's engine loaded (and initialised) the journal");

        var term = leadership.Current.Lost;
        leadership.Follow("replica-c");
        term.IsCancellationRequested.Should().BeTrue();
        leaders.Current.Should().BeNull("losing leadership stops acting at once");
        (await leaders.EnsureAsync(CancellationToken.None)).Should().BeNull();

        leadership.Lead();
        var second = await leaders.EnsureAsync(CancellationToken.None);
        second.Should().NotBeNull().And.NotBeSameAs(first, "a new term never acts on what an earlier term remembered");
        built.Should().Be(2);
    }

    [Fact]
    public async Task LeaderEngine_DeposedByTheJournal_DoesNotTakeItBackInTheSameTerm()
    {
        using var leadership = new SwitchableLeadership("replica-a");
        var journal = new InMemoryJournalStore();
        using var leaders = new LeaderEngine(leadership, journal, () => new FailoverEngine(_estate, Stubs(), journal, TimeProvider.System), NullLogger<LeaderEngine>.Instance);
        leadership.Lead();
        (await leaders.EnsureAsync(CancellationToken.None)).Should().NotBeNull();

        leaders.Deposed(new NotLeaderException("taken over") { CurrentLeader = "replica-b" });

        leaders.Current.Should().BeNull();
        (await leaders.EnsureAsync(CancellationToken.None)).Should().BeNull("the lease will end this term; until then the deposed replica must not act");
        leadership.Follow("replica-b");
        leadership.Lead();
        (await leaders.EnsureAsync(CancellationToken.None)).Should().NotBeNull("a new term may act again");
    }

    [Fact]
    public async Task Follower_RefusesOperationsNamingTheLeader_AndIsReady()
    {
        _leadership.Follow("replica-b");
        await Wait.UntilAsync(async () => (await _http.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromSeconds(10), "first turn", () => "");

        using var response = await _http.PostAsJsonAsync(new Uri("/api/v1/operations", UriKind.Relative), new { service = "ent-test", kind = "switchover" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("not the leader");
        problem.GetProperty("detail").GetString().Should().Contain("replica-a").And.Contain("follower").And.Contain("replica-b");
        problem.GetProperty("leader").GetString().Should().Be("replica-b");
        (await _http.GetStringAsync(new Uri("/readyz", UriKind.Relative))).Should().Be("ready (follower of replica-b)", "followers are ready: Kubernetes must not drain or restart them");
        var status = await _http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/status", UriKind.Relative));
        status.GetProperty("role").GetString().Should().Be("follower");
        status.GetProperty("leader").GetString().Should().Be("replica-b");
        status.GetProperty("identity").GetString().Should().Be("replica-a");
    }

    [Fact]
    public async Task Leader_AcceptsOperations_UntilItLosesLeadership()
    {
        _leadership.Lead();
        await Wait.UntilAsync(async () => (await _http.GetStringAsync(new Uri("/api/v1/status", UriKind.Relative))).Contains("\"role\":\"leader\"", StringComparison.Ordinal)
            && await PostTitleAsync() != "not the leader", TimeSpan.FromSeconds(10), "the leader's engine", () => "");
        (await _http.GetStringAsync(new Uri("/readyz", UriKind.Relative))).Should().Be("ready (leader: replica-a)");

        _leadership.Follow(null);

        (await PostTitleAsync()).Should().Be("not the leader", "a replica that lost leadership refuses at once");
    }

    private async Task<string?> PostTitleAsync()
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/api/v1/operations", UriKind.Relative), new { service = "ent-test", kind = "switchover" });
        return response.IsSuccessStatusCode ? null : (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString();
    }

    private static EngineSeams Stubs() => new(
        PostgresReplication.Create(new EnvironmentAndFileSecretResolver(), null, TimeProvider.System, NullLoggerFactory.Instance), [], new UnmanagedWorkloadsStub(), new RebuildStub(), []);

    private static Estate TestEstate()
    {
        var closed = FreePort.Tcp();
        var yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            providers: [{ id: p }]
            sites:
              - { id: site-a, provider: p, failureDomain: a, postgres: { host: 127.0.0.1, port: {{closed}} } }
              - { id: site-b, provider: p, failureDomain: b, postgres: { host: 127.0.0.1, port: {{closed}} } }
            policies:
              - { id: default, detection: { interval: 200ms, gracePeriod: 2s } }
            routers:
              - { id: pdns, kind: powerdns, url: "http://127.0.0.1:1", zone: test.example., apiKeyEnv: UNUSED }
            services:
              - id: ent-test
                primary: site-a
                standbys: [site-b]
                database: { name: ent, user: postgres, passwordFile: /nonexistent, replication: async, maxLagBytes: 16MB }
                traffic: { router: pdns, name: ent.test.example. }
            """);
        var loaded = EstateLoader.Load(yaml);
        return loaded.Estate ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics.Select(d => d.Format("test estate"))));
    }

    private sealed class UnmanagedWorkloadsStub : Core.Workloads.IWorkloadControl
    {
        public Task<Core.Workloads.WorkloadResult> ActivateAsync(Core.Workloads.WorkloadRequest request, CancellationToken cancellationToken) => throw new InvalidOperationException("not in this test");

        public Task<Core.Workloads.WorkloadResult> DeactivateAsync(Core.Workloads.WorkloadRequest request, CancellationToken cancellationToken) => throw new InvalidOperationException("not in this test");
    }

    private sealed class RebuildStub : Core.Operations.IStandbyRebuild
    {
        public Task<Core.Operations.RebuildResult> RebuildAsStandbyAsync(Core.Replication.DatabaseMember member, Core.Replication.DatabaseMember primary, Core.Epoch epoch, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not in this test");
    }

    /// <summary>Leadership the test hands out and takes back, as an election would.</summary>
    private sealed class SwitchableLeadership(string identity) : ILeadership, IDisposable
    {
        private readonly Lock _gate = new();
        private LeadershipState _state = LeadershipState.Follower(null);
        private CancellationTokenSource? _term;
        private long _terms;

        public string Identity => identity;

        public LeadershipState Current
        {
            get
            {
                lock (_gate)
                {
                    return _state;
                }
            }
        }

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Lead()
        {
            lock (_gate)
            {
                _term?.Dispose();
                _term = new CancellationTokenSource();
                _state = new LeadershipState(true, identity, ++_terms, _term.Token);
            }
        }

        public void Follow(string? leader)
        {
            lock (_gate)
            {
                _term?.Cancel();
                _state = LeadershipState.Follower(leader);
            }
        }

        public void Dispose() => _term?.Dispose();
    }
}
