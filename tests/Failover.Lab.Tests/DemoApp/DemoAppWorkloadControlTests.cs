using System.Net;
using Failover.Core;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Lab.DemoApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.Lab.Tests.DemoApp;

public sealed class DemoAppWorkloadControlTests(DemoDatabase database) : IClassFixture<DemoDatabase>, IAsyncLifetime
{
    private const string AdminToken = "lab-admin-token-0123456789";
    private WebApplication _app = null!;
    private Uri _appUrl = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var cluster = database.Cluster;
        _app = DemoApplication.Build(new DemoAppOptions("ovh-rbx", "http://127.0.0.1:0", AdminToken, cluster.Database, cluster.ApplicationUser, cluster.ApplicationPassword));
        await _app.StartAsync();
        _appUrl = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    [Fact]
    public async Task Activate_PointsTheApplicationAtThePrimaryAsSeenFromItsSite_ThenIsIdempotent()
    {
        var seenFromSite = new List<HostEndpoint>();
        var control = Control(translate: e => { seenFromSite.Add(e); return e with { Host = "127.0.0.1" }; });
        var request = Request(epoch: 3, primary: new HostEndpoint("localhost", database.Cluster.Primary.Port));

        var first = await control.ActivateAsync(request, CancellationToken.None);
        var again = await control.ActivateAsync(request, CancellationToken.None);

        first.Should().Be(new WorkloadResult(true, false, null));
        again.Should().Be(new WorkloadResult(true, true, null));
        seenFromSite.Should().AllBeEquivalentTo(new HostEndpoint("localhost", database.Cluster.Primary.Port));
        (await _http.GetAsync(new Uri(_appUrl, "/healthz"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deactivate_WithStaleEpoch_FailsWithTheApplicationsReason()
    {
        var control = Control();
        await control.ActivateAsync(Request(epoch: 7, primary: database.Cluster.Primary.Endpoint), CancellationToken.None);

        var result = await control.DeactivateAsync(Request(epoch: 6, primary: null), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Detail.Should().Contain("ovh-rbx application answered 409").And.Contain("epoch 7");
    }

    [Fact]
    public async Task Activate_UnreachableApplication_IsAResultNotAnException()
    {
        var control = new DemoAppWorkloadControl(_http, AdminToken, _ => new Uri("http://127.0.0.1:1"), e => e);

        var result = await control.ActivateAsync(Request(epoch: 1, primary: database.Cluster.Primary.Endpoint), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Detail.Should().StartWith("ovh-rbx application unreachable");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private DemoAppWorkloadControl Control(Func<HostEndpoint, HostEndpoint>? translate = null) =>
        new(_http, AdminToken, _ => _appUrl, translate ?? (e => e));

    private static WorkloadRequest Request(long epoch, HostEndpoint? primary) =>
        new("ent-grand-est", "ovh-rbx", new Epoch(epoch), "op-1", primary, TimeSpan.FromSeconds(5));
}
