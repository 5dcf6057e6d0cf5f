using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover switchover SERVICE [--to SITE]</c>: planned, zero data loss.</summary>
internal sealed class SwitchoverCommand(IAnsiConsole console) : ApiCommand<SwitchoverSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, SwitchoverSettings settings, CancellationToken cancellationToken) =>
        new OperationFlow(Console, api, settings).RunAsync(new { service = settings.Service, kind = "switchover", target = settings.To, reason = settings.Reason }, cancellationToken);
}

/// <summary><c>failover failover SERVICE [--to SITE] [--force]</c>: unplanned, bounded data loss.</summary>
internal sealed class FailoverCommand(IAnsiConsole console) : ApiCommand<FailoverSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, FailoverSettings settings, CancellationToken cancellationToken) =>
        new OperationFlow(Console, api, settings).RunAsync(
            new { service = settings.Service, kind = "failover", target = settings.To, force = settings.Force, reason = settings.Reason }, cancellationToken);
}

/// <summary><c>failover failback SERVICE</c>: a planned switchover back to the configured primary site.</summary>
internal sealed class FailbackCommand(IAnsiConsole console) : ApiCommand<ServiceOperationSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, ServiceOperationSettings settings, CancellationToken cancellationToken) =>
        new OperationFlow(Console, api, settings).RunAsync(new { service = settings.Service, kind = "failback", reason = settings.Reason }, cancellationToken);
}

/// <summary><c>failover reprotect SITE</c>: rebuild the site's member as a standby of the current primary.</summary>
internal sealed class ReprotectCommand(IAnsiConsole console) : ApiCommand<SiteOperationSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, SiteOperationSettings settings, CancellationToken cancellationToken) =>
        SiteOperation.RunAsync(Console, api, settings, "reprotect", cancellationToken);
}

/// <summary><c>failover fence SITE</c>: make every member at the site read-only and stop its workloads.</summary>
internal sealed class FenceCommand(IAnsiConsole console) : ApiCommand<SiteOperationSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, SiteOperationSettings settings, CancellationToken cancellationToken) =>
        SiteOperation.RunAsync(Console, api, settings, "fence", cancellationToken);
}

/// <summary><c>failover unfence SITE</c>: lift an operator fence.</summary>
internal sealed class UnfenceCommand(IAnsiConsole console) : ApiCommand<SiteOperationSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, SiteOperationSettings settings, CancellationToken cancellationToken) =>
        SiteOperation.RunAsync(Console, api, settings, "unfence", cancellationToken);
}

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

/// <summary><c>failover approve OP</c>: the second person of the two-person rule.</summary>
internal sealed class ApproveCommand(IAnsiConsole console) : ApiCommand<OperationIdSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, OperationIdSettings settings, CancellationToken cancellationToken)
    {
        await api.PostAsync($"/api/v1/operations/{Uri.EscapeDataString(settings.Operation)}/approve", null, cancellationToken);
        var follow = new MutatingSettings { Api = settings.Api, TokenFile = settings.TokenFile, Output = settings.Output };
        return await new OperationFlow(Console, api, follow).FollowAsync(settings.Operation, cancellationToken);
    }
}

/// <summary><c>failover cancel OP</c>: before the point of no return only.</summary>
internal sealed class CancelCommand(IAnsiConsole console) : ApiCommand<OperationIdSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, OperationIdSettings settings, CancellationToken cancellationToken)
    {
        var result = await api.PostAsync($"/api/v1/operations/{Uri.EscapeDataString(settings.Operation)}/cancel", new { reason = settings.Reason }, cancellationToken);
        Console.MarkupLineInterpolated($"{settings.Operation}: {result.GetProperty("message").GetString()}");
        return ExitCodes.Ok;
    }
}
