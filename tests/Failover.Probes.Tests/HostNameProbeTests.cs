using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Failover.Core.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Failover.Probes.Tests;

/// <summary>
/// A service behind a shared ingress is asked for by name at the ingress address: a Kestrel server on loopback whose
/// certificate names only the service, recording the TLS server name (SNI) and the Host header of every request, and
/// answering 200 "ok" only for the service's name (an ingress routes by Host: any other name is a 404).
/// </summary>
public sealed class HostNameProbeTests : IAsyncLifetime
{
    private const string Service = "ent.grand-est.example.test";
    private readonly ConcurrentQueue<string?> _serverNames = new();
    private readonly ConcurrentQueue<string> _hosts = new();
    private X509Certificate2 _certificate = null!;
    private WebApplication _app = null!;
    private Uri _http = null!;
    private Uri _https = null!;

    [Fact]
    public async Task Https_SendsTheServiceNameAsSniAndHost_AndChecksTheCertificateAgainstIt()
    {
        using var probe = new HttpProbe(new HttpProbeOptions { TrustedRoots = [_certificate] });

        var result = await probe.RunAsync(Target(new Uri(_https, "/healthz"), Service), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.None, because: result.Detail);
        _serverNames.Should().Equal(Service);
        _hosts.Should().Equal($"{Service}:{_https.Port}");
    }

    [Fact]
    public async Task Https_NameTheCertificateDoesNotCover_FailsWithTls()
    {
        using var probe = new HttpProbe(new HttpProbeOptions { TrustedRoots = [_certificate] });

        var result = await probe.RunAsync(Target(new Uri(_https, "/healthz"), "other.example.test"), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Tls, because: result.Detail);
        _serverNames.Should().Equal("other.example.test");
    }

    [Fact]
    public async Task Https_WithoutHostName_AsksForTheAddress_AndTheIngressDoesNotKnowIt()
    {
        using var probe = new HttpProbe(new HttpProbeOptions { TrustedRoots = [_certificate] });

        var result = await probe.RunAsync(Target(new Uri(_https, "/healthz"), null, validate: false), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Status, because: "a bare address is no service's name: " + result.Detail);
        _serverNames.Should().ContainSingle().Which.Should().BeNullOrEmpty(because: "no SNI is sent for an IP literal");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Http_SendsTheServiceNameAsHost_OnBothPaths(bool reuseConnections)
    {
        using var probe = new HttpProbe(new HttpProbeOptions { ReuseConnections = reuseConnections });

        var result = await probe.RunAsync(Target(new Uri(_http, "/healthz"), Service), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.None, because: result.Detail);
        _hosts.Should().Equal($"{Service}:{_http.Port}");
    }

    public async Task InitializeAsync()
    {
        _certificate = Failover.Testing.SelfSignedCertificate.ForServer(Service); // names only the service, not the loopback address it is served on
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https => https.ServerCertificateSelector = (_, name) =>
            {
                _serverNames.Enqueue(name);
                return _certificate;
            }));
        });
        _app = builder.Build();
        _app.MapGet("/healthz", (HttpContext context) =>
        {
            var host = context.Request.Host.Value ?? "";
            _hosts.Enqueue(host);
            return context.Request.Host.Host == Service ? Results.Text("ok") : Results.NotFound();
        });
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        _http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        _https = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private static HttpProbeTarget Target(Uri url, string? hostName, bool validate = true) =>
        new("ent@lab/http", "lab", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), url, 200, "ok", validate) { ServiceId = "ent", HostName = hostName };
}
