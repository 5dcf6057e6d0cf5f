using Failover.Configuration;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.ControlPlane.Tests;

/// <summary>A real control plane on a free loopback port with one token per role.</summary>
public sealed class ControlPlaneServer : IAsyncLifetime
{
    public const string ViewerToken = "viewer-token-0123456789";
    public const string OperatorToken = "operator-token-0123456789";
    public const string AdminToken = "admin-token-0123456789";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task InitializeAsync()
    {
        var estate = EstateLoader.LoadFile(Repository.PathOf("manifests", "estate.example.yaml")).Estate!;
        var tokens = TokenFile.Parse($"{ViewerToken},vera,viewer\n{OperatorToken},oscar,operator\n{AdminToken},ada,admin\n", "test");
        _app = ControlPlaneHost.Build(new ControlPlaneOptions { ConfigFile = "test", TokensFile = "test", Url = "http://127.0.0.1:0", JsonLogs = true }, estate, tokens);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
