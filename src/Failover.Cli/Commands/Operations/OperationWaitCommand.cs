using System.Globalization;
using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

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
