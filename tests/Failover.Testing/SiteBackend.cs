using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Failover.Testing;

/// <summary>A tiny Kestrel app on a free loopback port answering "{site} {path}" — one site's application.</summary>
public sealed class SiteBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SiteBackend(WebApplication app, string site, Uri url)
    {
        _app = app;
        Site = site;
        Url = url;
    }

    public string Site { get; }

    public Uri Url { get; }

    public static async Task<SiteBackend> StartAsync(string site)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync($"{site} {context.Request.Path}", context.RequestAborted));
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new SiteBackend(app, site, url);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

public sealed class SiteBackendsFixture : IAsyncLifetime
{
    public SiteBackend A { get; private set; } = null!;

    public SiteBackend B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = await SiteBackend.StartAsync("site-a");
        B = await SiteBackend.StartAsync("site-b");
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
