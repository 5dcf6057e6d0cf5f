using Failover.Lab.DemoApp;
using Microsoft.Extensions.Hosting;

namespace Failover.Lab;

/// <summary>A site's demo application as its own process, so burning the site kills it like the rest of the site.</summary>
public static class LabSiteApp
{
    public static async Task RunAsync(LabLayout layout, LabSite site, CancellationToken cancellationToken)
    {
        var adminToken = (await File.ReadAllTextAsync(layout.AdminTokenFile, cancellationToken)).Trim();
        var password = (await File.ReadAllTextAsync(layout.SuperuserPasswordFile, cancellationToken)).Trim();
        await using var app = DemoApplication.Build(new DemoAppOptions(site.Id, LabLayout.AppUrl(layout.Network.ListenAddress(site)), adminToken, LabLayout.Database, "postgres", password));
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
