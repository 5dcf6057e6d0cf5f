using System.Text.Json;
using Failover.Cli.Commands.Config;
using Failover.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Lab;

/// <summary>Lab commands report a failure (a missing PostgreSQL, a busy port) as a message and exit code, never a stack trace.</summary>
internal abstract class LabCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings>
    where TSettings : LabSettings
{
    protected IAnsiConsole Console => console;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(new LabController(settings.Layout, SelfInvocation.Current()), settings, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.OperationFailed;
        }
    }

    protected abstract Task<int> RunAsync(LabController lab, TSettings settings, CancellationToken cancellationToken);

    protected int RequireUp(LabController lab)
    {
        if (lab.IsUp)
        {
            return ExitCodes.Ok;
        }

        console.MarkupLineInterpolated($"[red]error:[/] no lab is up in {lab.Layout.Directory}: start one with `failover lab up --detach`");
        return ExitCodes.Invalid;
    }
}

/// <summary><c>failover lab up [--detach]</c> (also plain <c>failover lab</c>).</summary>
internal sealed class LabUpCommand(IAnsiConsole console) : LabCommand<LabUpSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabUpSettings settings, CancellationToken cancellationToken)
    {
        await lab.UpAsync(line => Console.MarkupLineInterpolated($"[grey]lab:[/] {line}"), cancellationToken);
        Console.MarkupLineInterpolated($"""
            The ENT:        {LabLayout.EdgeUrl}{LabLayout.ServiceId}/   (POST /api/homework, GET /api/homework/ID)
            Control plane:  {LabLayout.ApiUrl}   token in {lab.Layout.ApiTokenFile}
            Try:            failover status --token-file {lab.Layout.ApiTokenFile}
                            failover lab burn ovh-sbg
            """);
        if (settings.Detach)
        {
            return ExitCodes.Ok;
        }

        try
        {
            await new LabDashboard(Console, lab).RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: bring the lab down below.
        }

        Console.MarkupLine("[grey]lab:[/] bringing the lab down");
        await lab.DownAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}

internal sealed class LabStatusCommand(IAnsiConsole console) : LabCommand<LabSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSettings settings, CancellationToken cancellationToken)
    {
        var up = lab.IsUp;
        JsonElement? status = null;
        if (up)
        {
            using var api = new Client.ApiClient(LabLayout.ApiUrl, lab.ApiToken);
            status = await api.GetAsync("/api/v1/status", cancellationToken);
        }

        if (settings.Output == OutputFormat.Json)
        {
            Console.WriteRaw(JsonSerializer.Serialize(new { up, directory = lab.Layout.Directory, processes = up ? lab.Processes() : null, status }));
            return up ? ExitCodes.Ok : ExitCodes.Invalid;
        }

        if (RequireUp(lab) is not ExitCodes.Ok and var code)
        {
            return code;
        }

        Console.Write(LabDashboard.Render(lab, status!.Value));
        return ExitCodes.Ok;
    }
}

internal sealed class LabBurnCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken)
    {
        if (RequireUp(lab) is not ExitCodes.Ok and var code)
        {
            return code;
        }

        var killed = await lab.BurnAsync(LabLayout.Site(settings.Site), cancellationToken);
        Console.MarkupLineInterpolated($"[red]{settings.Site} burned[/]: kill -9 of {(killed.Count == 0 ? "nothing (already down)" : string.Join(" and ", killed))}");
        return ExitCodes.Ok;
    }
}

internal sealed class LabRestoreCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken)
    {
        if (RequireUp(lab) is not ExitCodes.Ok and var code)
        {
            return code;
        }

        await lab.RestoreAsync(LabLayout.Site(settings.Site), cancellationToken);
        Console.MarkupLineInterpolated($"{settings.Site} restored: its database and application run again; the control plane keeps it fenced until it is rebuilt as a standby");
        return ExitCodes.Ok;
    }
}

internal sealed class LabPartitionCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken) =>
        LabRelay.ChangeAsync(Console, lab, $"/lab/partition/{settings.Site}", $"{settings.Site} partitioned: the control plane and the edge no longer reach it; it keeps running", cancellationToken);
}

internal sealed class LabHealCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken) =>
        LabRelay.ChangeAsync(Console, lab, $"/lab/heal/{settings.Site}", $"{settings.Site} healed: reachable again", cancellationToken);
}

internal static class LabRelay
{
    public static async Task<int> ChangeAsync(IAnsiConsole console, LabController lab, string path, string done, CancellationToken cancellationToken)
    {
        if (!lab.IsUp)
        {
            console.MarkupLineInterpolated($"[red]error:[/] no lab is up in {lab.Layout.Directory}: start one with `failover lab up --detach`");
            return ExitCodes.Invalid;
        }

        using var response = await lab.PostToHostAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            console.MarkupLineInterpolated($"[red]error:[/] the lab host answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return ExitCodes.OperationFailed;
        }

        console.MarkupLineInterpolated($"{done}");
        return ExitCodes.Ok;
    }
}

internal sealed class LabDownCommand(IAnsiConsole console) : LabCommand<LabSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSettings settings, CancellationToken cancellationToken)
    {
        await lab.DownAsync(cancellationToken);
        Console.MarkupLineInterpolated($"lab down: every process stopped, {lab.Layout.Directory} removed");
        return ExitCodes.Ok;
    }
}

internal sealed class LabHostCommand(IAnsiConsole console) : LabCommand<LabSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSettings settings, CancellationToken cancellationToken)
    {
        await LabHost.RunAsync(lab.Layout, cancellationToken);
        return ExitCodes.Ok;
    }
}

internal sealed class LabSiteAppCommand(IAnsiConsole console) : LabCommand<LabSiteAppSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSiteAppSettings settings, CancellationToken cancellationToken)
    {
        await LabSiteApp.RunAsync(lab.Layout, LabLayout.Site(settings.Site), cancellationToken);
        return ExitCodes.Ok;
    }
}
