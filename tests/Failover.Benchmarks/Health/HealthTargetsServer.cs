using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Failover.Benchmarks.Health;

/// <summary>
/// The probe targets of <c>health-probes</c>, run as a separate process so their CPU is not counted as the prober's:
/// a Kestrel server on P loopback ports answering 200 "ok" on any path, over HTTPS with a self-signed certificate for
/// 127.0.0.1 (generated at start) when asked. Prints "PORTS p1,p2,..." then serves until its standard input closes.
/// </summary>
internal sealed class HealthTargetsServer : IBenchmark
{
    public string Name => "health-targets";

    public string Description => "(helper of health-probes) Kestrel on P loopback ports answering 200 ok; args: PORTS [http|https]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var ports = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        using var certificate = args.Length > 1 && args[1] == "https" ? Failover.Testing.SelfSignedCertificate.ForServer(address: IPAddress.Loopback) : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxConcurrentConnections = null;
            k.AddServerHeader = false;
            for (var i = 0; i < ports; i++)
            {
                k.Listen(IPAddress.Loopback, 0, listen =>
                {
                    if (certificate is not null)
                    {
                        // HTTP/1.1 only: our probe never asks for h2, and the exporter's Go client would negotiate it.
                        listen.Protocols = HttpProtocols.Http1;
                        listen.UseHttps(certificate);
                    }
                });
            }
        });
        await using var app = builder.Build();
        app.Run(static context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = 2;
            return context.Response.Body.WriteAsync("ok"u8.ToArray()).AsTask();
        });
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        Console.WriteLine("PORTS " + string.Join(',', addresses.Select(a => new Uri(a).Port)));
        Console.Out.Flush();

        // Serve until the parent closes our stdin (or dies).
        await Console.In.ReadToEndAsync(cancellationToken);
        await app.StopAsync(CancellationToken.None);
        return 0;
    }

}
