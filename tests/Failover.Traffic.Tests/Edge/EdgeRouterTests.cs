using Failover.Core;
using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Testing;
using Failover.Traffic.Edge;
using Failover.Traffic.Tests.Infrastructure;

namespace Failover.Traffic.Tests.Edge;

public sealed class EdgeRouterTests : IClassFixture<SiteBackendsFixture>, IAsyncLifetime
{
    private const string Host = "ent.example.test";
    private readonly SiteBackendsFixture _sites;
    private static readonly HttpClient Http = new();
    private EdgeProxy _edge = null!;
    private ITrafficRouter _router = null!;

    public EdgeRouterTests(SiteBackendsFixture sites) => _sites = sites;

    public async Task InitializeAsync()
    {
        _edge = await EdgeProxy.StartAsync(new EdgeProxyOptions { ListenUrl = new Uri("http://127.0.0.1:0") }, null, CancellationToken.None);
        _router = new TrafficRouterFactory(TestSecrets.Instance, TimeProvider.System, Routers.Options, null, _edge).Create(new EdgeRouterSpec("edge", null));
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
    }

    [Fact]
    public async Task Switch_FromSiteAToSiteB_RequestsFollowImmediately()
    {
        (await _router.SwitchAsync(Request(1, (_sites.A, 1.0)), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);
        (await GetAsync("/")).Should().Be("site-a /");

        var result = await _router.SwitchAsync(Request(2, (_sites.B, 1.0)), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Applied, result.Reason);
        result.WorstCaseStaleness.Should().Be(TimeSpan.Zero);
        result.VerifiedAfter.Should().NotBeNull();
        result.PreviousEpoch.Should().Be(new Epoch(1));
        (await GetAsync("/login")).Should().Be("site-b /login", "the next request after the switch reaches the new site");
        (await GetAsync("/ent-test/login", host: "127.0.0.1")).Should().Be("site-b /login", "the path route strips the service prefix");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public async Task Switch_WeightedSplit_DistributesWithinTolerance(double shareOfB)
    {
        var result = await _router.SwitchAsync(Request(3, (_sites.A, 1 - shareOfB), (_sites.B, shareOfB)), CancellationToken.None);
        result.Outcome.Should().Be(SwitchOutcome.Applied, result.Reason);

        var answers = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            answers.Add(await GetAsync("/"));
        }

        var toB = answers.Count(a => a.StartsWith("site-b", StringComparison.Ordinal));
        toB.Should().BeCloseTo((int)(200 * shareOfB), 10, "a {0:P0} step sends that share of requests to site B", shareOfB);
        answers.Should().OnlyContain(a => a.StartsWith("site-a", StringComparison.Ordinal) || a.StartsWith("site-b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switch_StagedMoveToFullShare_SendsEverythingToB()
    {
        foreach (var share in new[] { 0.1, 0.5, 1.0 })
        {
            (await _router.SwitchAsync(Request(4, (_sites.A, 1 - share), (_sites.B, share)), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetAsync("/")));

        answers.Should().OnlyContain(a => a == "site-b /");
        var state = await _router.ReadAsync(new TrafficRoute("ent-test", "edge", Host), CancellationToken.None);
        state.Targets.Should().ContainSingle().Which.SiteId.Should().Be("site-b");
        state.Epoch.Should().Be(new Epoch(4));
    }

    [Fact]
    public async Task Switch_OlderEpochThanApplied_IsRefusedAndRouteKept()
    {
        (await _router.SwitchAsync(Request(5, (_sites.B, 1.0)), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);

        var stale = await _router.SwitchAsync(Request(4, (_sites.A, 1.0)), CancellationToken.None);

        stale.Outcome.Should().Be(SwitchOutcome.RefusedStaleEpoch);
        stale.PreviousEpoch.Should().Be(new Epoch(5));
        (await GetAsync("/")).Should().Be("site-b /");
    }

    [Fact]
    public async Task Switch_WhereTrafficAlreadyPoints_IsNoOpThatReportsSo()
    {
        (await _router.SwitchAsync(Request(2, (_sites.A, 1.0)), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);

        var again = await _router.SwitchAsync(Request(2, (_sites.A, 1.0)), CancellationToken.None);

        again.Outcome.Should().Be(SwitchOutcome.AlreadyInPlace);
        again.Reason.Should().Contain("already routes");
    }

    [Fact]
    public async Task Switch_TargetWithoutUpstream_FailsNamingTheSite()
    {
        var request = Request(2, (_sites.A, 1.0)) with { Targets = [new WeightedTarget("site-z", [], [], 1.0)] };

        var result = await _router.SwitchAsync(request, CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain("site site-z").And.Contain("upstream");
    }

    [Fact]
    public async Task Switch_OverAdminEndpoint_MovesTrafficAndRejectsWrongToken()
    {
        const string token = "edge-admin-token-value";
        await using var edge = await EdgeProxy.StartAsync(
            new EdgeProxyOptions { ListenUrl = new Uri("http://127.0.0.1:0"), AdminListenUrl = new Uri("http://127.0.0.1:0"), AdminToken = token },
            null, CancellationToken.None);
        var spec = new EdgeRouterSpec("edge-remote", edge.AdminUrl);
        var options = Routers.Options;
        options.EdgeAdminToken = TestSecrets.InEnvironment(token);
        using var factory = new TrafficRouterFactory(TestSecrets.Instance, TimeProvider.System, options);
        var wrongOptions = Routers.Options;
        wrongOptions.EdgeAdminToken = TestSecrets.InEnvironment("not-the-token");
        using var wrongFactory = new TrafficRouterFactory(TestSecrets.Instance, TimeProvider.System, wrongOptions);

        var result = await factory.Create(spec).SwitchAsync(Request(2, (_sites.B, 1.0)), CancellationToken.None);
        var refused = await wrongFactory.Create(spec).SwitchAsync(Request(3, (_sites.A, 1.0)), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Applied, result.Reason);
        (await GetAsync("/", edge: edge)).Should().Be("site-b /");
        refused.Outcome.Should().Be(SwitchOutcome.Failed);
        refused.Reason.Should().Contain("rejected the admin token").And.NotContain("not-the-token");
        (await factory.Create(spec).SwitchAsync(Request(1, (_sites.A, 1.0)), CancellationToken.None)).Outcome
            .Should().Be(SwitchOutcome.RefusedStaleEpoch, "the epoch check holds over HTTP too");
    }

    private static SwitchRequest Request(long epoch, params (SiteBackend Site, double Weight)[] targets) =>
        new(new TrafficRoute("ent-test", "edge", Host), [.. targets.Select(t => new WeightedTarget(t.Site.Site, [], [t.Site.Url], t.Weight))],
            TimeSpan.FromSeconds(30), new Epoch(epoch), TimeSpan.FromSeconds(5));

    private async Task<string> GetAsync(string path, string host = Host, EdgeProxy? edge = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri((edge ?? _edge).Url, path));
        request.Headers.Host = host;
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
