using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

internal static class SiteOperation
{
    /// <summary>Runs the operation for each service with a member at the site (or the one named), stopping at the first failure.</summary>
    public static async Task<int> RunAsync(IAnsiConsole console, ApiClient api, SiteOperationSettings settings, string kind, CancellationToken cancellationToken)
    {
        var status = await api.GetAsync("/api/v1/status", cancellationToken);
        var services = status.GetProperty("services").EnumerateArray()
            .Where(s => s.GetProperty("members").EnumerateArray().Any(m => m.GetProperty("site").GetString() == settings.Site))
            .Select(s => s.GetProperty("id").GetString()!)
            .Where(id => settings.Service is null || id == settings.Service)
            .ToList();
        if (services.Count == 0)
        {
            console.MarkupLineInterpolated($"[red]error:[/] no service has a member at site '{settings.Site}'{(settings.Service is null ? "" : $" (service '{settings.Service}')")}");
            return ExitCodes.Invalid;
        }

        foreach (var service in services)
        {
            var exit = await new OperationFlow(console, api, settings).RunAsync(new { service, kind, target = settings.Site, reason = settings.Reason }, cancellationToken);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }
        }

        return ExitCodes.Ok;
    }
}
