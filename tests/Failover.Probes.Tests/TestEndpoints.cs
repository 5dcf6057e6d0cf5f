using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
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
/// Real endpoints on loopback, on free ports: a Kestrel server over HTTP and over HTTPS with an untrusted self-signed
/// certificate (/ok 200 "ok", /fail 500, /slow answers after 10 s, /wrong 200 "nope", /chunked 200 "all is ok here" in two chunks, /big 20 kB then "needle"), a closed port, and a port whose
/// listener accepts connections but never reads or answers. Shared by the probe tests; stopped when they end.
/// </summary>
public sealed class TestEndpoints : IAsyncLifetime, IDisposable
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private WebApplication? _app;

    public Uri Http { get; private set; } = null!;

    public Uri Https { get; private set; } = null!;

    public int ClosedPort { get; private set; }

    public int SilentPort { get; private set; }

    public async Task InitializeAsync()
    {
        using var certificate = Failover.Testing.SelfSignedCertificate.ForServer("localhost", IPAddress.Loopback);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null)));
        });
        _app = builder.Build();
        _app.MapGet("/ok", () => Results.Text("ok"));
        _app.MapGet("/fail", () => Results.StatusCode(500));
        _app.MapGet("/wrong", () => Results.Text("nope"));
        _app.MapGet("/big", () => Results.Text(new string('x', 20_000) + "needle"));
        _app.MapGet("/chunked", async (HttpContext context) =>
        {
            // No Content-Length and two flushes: Kestrel answers with a chunked body whose text spans two chunks.
            await context.Response.WriteAsync("all is o");
            await context.Response.Body.FlushAsync();
            await context.Response.WriteAsync("k here");
        });
        _app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return Results.Text("ok");
        });
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        Http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        Https = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));

        // A port that was free a moment ago and has nobody listening now.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        ClosedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        // The kernel completes the handshake into the backlog; nobody ever accepts, reads or answers.
        _silent.Start(backlog: 64);
        SilentPort = ((IPEndPoint)_silent.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        _silent.Stop();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _silent.Dispose();

}

[CollectionDefinition(Name)]
public sealed class EndpointsGroup : ICollectionFixture<TestEndpoints>
{
    public const string Name = "endpoints";
}
