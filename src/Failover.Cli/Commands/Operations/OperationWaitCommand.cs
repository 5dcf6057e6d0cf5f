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

        if (Kind is not null && !Kinds.Contains(Kind, StringComparer.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--kind must be one of {string.Join(", ", Kinds)}, found '{Kind}'");
        }

        return TimeoutSeconds is < 1 or > 86_400
            ? ValidationResult.Error($"--timeout must be between 1 and 86400 seconds, found {TimeoutSeconds}")
            : ValidationResult.Success();
    }

    private static readonly string[] Kinds = ["failover", "switchover", "failback", "reprotect", "fence", "unfence", "reconcile", "drill"];
}

/// <summary>
/// <c>failover operation wait</c>: follow an operation until it ends — or, for a service, wait for its next
/// operation to appear (the automatic failover after a site loss) and follow that. Stops at "awaits approval":
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
            var what = settings.Operation ?? $"an operation of {settings.Service}{(settings.Kind is null ? "" : $" of kind {settings.Kind}")}";
            Console.MarkupLineInterpolated($"[red]error:[/] {what} did not end within {settings.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s");
            return ExitCodes.TimedOut;
        }
    }

    private async Task<string> NewestAsync(ApiClient api, OperationWaitSettings settings, CancellationToken cancellationToken)
    {
        var announced = false;
        while (true)
        {
            var operations = await api.GetAsync("/api/v1/operations", cancellationToken);
            var newest = operations.EnumerateArray()
                .Where(op => op.GetProperty("service").GetString() == settings.Service)
                .Where(op => settings.Kind is null || string.Equals(op.GetProperty("kind").GetString(), settings.Kind, StringComparison.OrdinalIgnoreCase))
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
}
