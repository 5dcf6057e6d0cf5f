using System.ComponentModel;
using System.Globalization;
using Failover.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

internal sealed class OperationWaitSettings : ApiSettings
{
    [CommandArgument(0, "[OPERATION]")]
    [Description("The operation to wait for; without it, the newest operation of --service (and --kind)")]
    public string? Operation { get; init; }

    [CommandOption("--service <SERVICE>")]
    [Description("Wait for an operation of this service to appear and end (e.g. the automatic failover after a site loss)")]
    public string? Service { get; init; }

    [CommandOption("--kind <KIND>")]
    [Description("Only operations of this kind (failover, switchover, failback, reprotect, fence, unfence, reconcile, drill)")]
    public string? Kind { get; init; }

    [CommandOption("--site <SITE>")]
    [Description("Only operations from or to this site (e.g. the reprotect of the site that came back)")]
    public string? Site { get; init; }

    [CommandOption("--since <SECONDS>")]
    [Description("Also take an operation that began up to this many seconds before the command (default 0: a running one, or the next one)")]
    [DefaultValue(0)]
    public int SinceSeconds { get; init; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("Give up after this many seconds (exit 7); default 120")]
    [DefaultValue(120)]
    public int TimeoutSeconds { get; init; }

    public override ValidationResult Validate()
    {
        var api = base.Validate();
        if (!api.Successful)
        {
            return api;
        }

        if ((Operation is null) == (Service is null))
        {
            return ValidationResult.Error("give either an OPERATION id or --service SERVICE, not both and not neither");
        }

        if (Operation is not null && (Kind is not null || Site is not null))
        {
            return ValidationResult.Error("--kind and --site choose among a service's operations: use them with --service, not with an OPERATION id");
        }

        if (Kind is not null && !Kinds.Contains(Kind, StringComparer.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--kind must be one of {string.Join(", ", Kinds)}, found '{Kind}'");
        }

        if (SinceSeconds is < 0 or > 86_400)
        {
            return ValidationResult.Error($"--since must be between 0 and 86400 seconds, found {SinceSeconds}");
        }

        return TimeoutSeconds is < 1 or > 86_400
            ? ValidationResult.Error($"--timeout must be between 1 and 86400 seconds, found {TimeoutSeconds}")
            : ValidationResult.Success();
    }

    private static readonly string[] Kinds = ["failover", "switchover", "failback", "reprotect", "fence", "unfence", "reconcile", "drill"];
}

/// <summary>
/// <c>failover operation wait</c>: follow an operation until it ends — or, for a service, follow its running operation
/// or wait for its next one to appear (the automatic failover after a site loss). Stops at "awaits approval":
/// a human must decide.
/// </summary>
internal sealed class OperationWaitCommand(IAnsiConsole console) : ApiCommand<OperationWaitSettings>(console)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    protected override async Task<int> RunAsync(ApiClient api, OperationWaitSettings settings, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            var id = settings.Operation ?? await NewestAsync(api, settings, timeout.Token);
            var follow = new MutatingSettings { Api = settings.Api, TokenFile = settings.TokenFile, Output = settings.Output };
            return await new OperationFlow(Console, api, follow).FollowAsync(id, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var what = settings.Operation ?? $"an operation of {settings.Service}{(settings.Kind is null ? "" : $" of kind {settings.Kind}")}{(settings.Site is null ? "" : $" at {settings.Site}")}";
            Console.MarkupLineInterpolated($"[red]error:[/] {what} did not end within {settings.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s");
            return ExitCodes.TimedOut;
        }
    }

    private async Task<string> NewestAsync(ApiClient api, OperationWaitSettings settings, CancellationToken cancellationToken)
    {
        var announced = false;

        // A small slack for the clock difference between this machine and the control plane's.
        var since = TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(settings.SinceSeconds + 2);
        while (true)
        {
            var operations = await api.GetAsync("/api/v1/operations", cancellationToken);
            var newest = operations.EnumerateArray()
                .Where(op => op.GetProperty("service").GetString() == settings.Service)
                .Where(op => settings.Kind is null || string.Equals(op.GetProperty("kind").GetString(), settings.Kind, StringComparison.OrdinalIgnoreCase))
                .Where(op => settings.Site is null || op.GetProperty("source").GetString() == settings.Site || op.GetProperty("target").GetString() == settings.Site)
                .Where(op => op.GetProperty("createdAt").GetDateTimeOffset() >= since || Active(op.GetProperty("status").GetString()))
                .OrderByDescending(op => op.GetProperty("createdAt").GetDateTimeOffset())
                .Select(op => op.GetProperty("id").GetString())
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }

            if (!announced && settings.Output == Config.OutputFormat.Text)
            {
                Console.MarkupLineInterpolated($"Waiting for an operation of {settings.Service}...");
                announced = true;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static bool Active(string? status) => status is "awaitingapproval" or "queued" or "running";
}
