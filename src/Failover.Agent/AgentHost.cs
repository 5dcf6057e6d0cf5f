using System.Security.Cryptography.X509Certificates;
using Failover.Agent.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Failover.Agent;

/// <summary>
/// Composes the site agent: the <see cref="SiteAgent"/> and its lease check as a hosted service, Kestrel on
/// <c>--listen</c> with mutual TLS (or plain HTTP on loopback with <c>--insecure-loopback</c>), and the API.
/// </summary>
public static class AgentHost
{
    /// <exception cref="ArgumentException">The options are not usable; the message lists every problem, each naming its option.</exception>
    public static WebApplication Build(AgentOptions options, Action<ILoggingBuilder>? logging = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }

        var time = timeProvider ?? TimeProvider.System;
        var listen = ListenEndpoint.TryParse(options.Listen)!;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        X509Certificate2Collection? authorities = null;
        if (!options.InsecureLoopback)
        {
            authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(options.ClientCaFile!);
            var certificate = LoadServerCertificate(options);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listen.Address, listen.Port, endpoint => endpoint.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true, // judged by ClientCertificateGate, which answers 401
            })));
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listen.Address, listen.Port));
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<SiteAgent>();
        builder.Services.AddHostedService<SiteAgentService>();
        var app = builder.Build();
        app.UseExceptionHandler(failed => failed.Run(async context =>
        {
            // A failure is a problem document naming what failed, never a stack trace.
            var error = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
            await Problems.Failed(error?.Message ?? "unknown failure").ExecuteAsync(context);
        }));
        if (authorities is not null)
        {
            var gate = new ClientCertificateGate(authorities);
            app.Use((context, next) => gate.InvokeAsync(context, next));
        }

        AgentApi.Map(app, time);
        return app;
    }

    private static X509Certificate2 LoadServerCertificate(AgentOptions options)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.CertificateFile!, options.KeyFile);
            // Re-imported so that the key is usable by TLS on every platform (an ephemeral PEM key is not on some).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new ArgumentException($"--cert/--key: cannot load the PEM certificate '{options.CertificateFile}' with key '{options.KeyFile}': {e.Message}", e);
        }
    }
}
