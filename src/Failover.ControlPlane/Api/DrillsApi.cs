using System.Security.Claims;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills;
using Failover.Drills.History;
using Failover.Drills.Reports;
using Failover.Drills.Sandbox;
using Failover.Drills.Switchover;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.ControlPlane.Api;

/// <summary>Drills: run one (operator), list the history and read a report (viewer). Reports are rebuilt from the journal.</summary>
internal static class DrillsApi
{
    public static void MapDrillsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1").RequireAuthorization(Policies.Viewer);
        read.MapGet("/drills", async (IJournalStore journal, Estate estate, CancellationToken ct) => await DrillHistory.ListAsync(journal, estate, ct));
        read.MapGet("/drills/{id}", async (string id, string? format, HttpContext context, CancellationToken ct) =>
        {
            if (!DrillReportRenderer.TryParseFormat(format ?? "json", out var rendering))
            {
                return Problem(StatusCodes.Status400BadRequest, "invalid report format", $"format: '{format}' is not a report format (json, markdown, html)");
            }

            return await ReportAsync(id, context.RequestServices, ct) is not { } report
                ? Problem(StatusCodes.Status404NotFound, "unknown drill", $"no drill '{id}' in the journal")
                : format is null ? Results.Ok(report) : Results.Text(DrillReportRenderer.Render(report, rendering), DrillReportRenderer.ContentType(rendering));
        });

        // The rendered report wrapped in JSON, for API clients that read JSON only (the CLI's `drill show --format`).
        read.MapGet("/drills/{id}/rendered", async (string id, string? format, HttpContext context, CancellationToken ct) =>
        {
            if (!DrillReportRenderer.TryParseFormat(format ?? "markdown", out var rendering))
            {
                return Problem(StatusCodes.Status400BadRequest, "invalid report format", $"format: '{format}' is not a report format (json, markdown, html)");
            }

            return await ReportAsync(id, context.RequestServices, ct) is not { } report
                ? Problem(StatusCodes.Status404NotFound, "unknown drill", $"no drill '{id}' in the journal")
                : Results.Ok(new
                {
                    drillId = id,
                    format = rendering.ToString().ToLowerInvariant(),
                    contentType = DrillReportRenderer.ContentType(rendering),
                    fileExtension = DrillReportRenderer.FileExtension(rendering),
                    text = DrillReportRenderer.Render(report, rendering),
                });
        });

        // Whether a drill still runs: a switchover drill's record is terminal from its start (it never holds the service's slot), so ask here.
        // A switchover drill is journaled when it ends; until then the runner knows it.
        read.MapGet("/drills/{id}/status", async (string id, IJournalStore journal, SwitchoverDrillRunner runner, CancellationToken ct) =>
            runner.Completion(id) is { IsCompleted: false }
                ? Results.Ok(new { drillId = id, running = true, status = "running" })
                : await journal.GetOperationAsync(id, ct) is { Kind: OperationKind.Drill } op
                    ? Results.Ok(new { drillId = id, running = op.Status.IsActive(), status = Status(op, runner) })
                    : Problem(StatusCodes.Status404NotFound, "unknown drill", $"no drill '{id}' in the journal"));

        app.MapGroup("/api/v1").RequireAuthorization(Policies.Operator).MapPost("/drills", RunAsync);
    }

    public sealed record DrillRequestBody(string? Service, string? Kind, string? Target, string? Reason);

    private static async Task<IResult> RunAsync(DrillRequestBody? body, ClaimsPrincipal user, HttpContext context, CancellationToken ct)
    {
        var services = context.RequestServices;
        var leaders = services.GetRequiredService<LeaderEngine>();
        if (leaders.Current is not { } engine)
        {
            return OperationsApi.NotLeader(leaders);
        }

        var estate = services.GetRequiredService<Estate>();
        if (string.IsNullOrWhiteSpace(body?.Service) || !estate.Services.Any(s => s.Id == body.Service))
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid drill request",
                $"service: '{body?.Service}' is not a service of the estate ({string.Join(", ", estate.Services.Select(s => s.Id))})");
        }

        if (DrillVariants.Parse(body.Kind?.ToLowerInvariant()) is not { } kind)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid drill request", $"kind: '{body.Kind}' is not a drill kind (isolated, switchover)");
        }

        var caller = user.Identity?.Name ?? "unknown";
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason;
        if (kind == DrillKind.Switchover)
        {
            var started = await services.GetRequiredService<SwitchoverDrillRunner>().StartAsync(body.Service, caller, reason, body.Target, ct);
            return started.Started
                ? Results.Created($"/api/v1/drills/{started.DrillId}", new { drillId = started.DrillId, status = OperationStatus.Running, message = "switchover drill started: switchover, then failback, with a writer running" })
                : Problem(StatusCodes.Status409Conflict, "drill refused", started.Reason ?? "refused");
        }

        if (services.GetService<IDrillSandbox>() is null)
        {
            return Problem(StatusCodes.Status409Conflict, "drill refused",
                "no drill sandbox is configured for this estate: isolated drills need somewhere to build the throwaway copy (the lab provides one: `failover lab`)");
        }

        var request = DrillVariants.Request(body.Service, kind, caller, reason, body.Target);
        CommandResult result;
        try
        {
            result = await engine.RequestAsync(request, ct);
            if (result.Accepted)
            {
                leaders.RequestTurn();
            }
        }
        catch (NotLeaderException e)
        {
            leaders.Deposed(e);
            return OperationsApi.NotLeader(leaders);
        }

        return result.Accepted
            ? Results.Created($"/api/v1/drills/{result.OperationId}", new { drillId = result.OperationId, status = result.Status, message = result.Message })
            : Problem(StatusCodes.Status409Conflict, "drill refused", result.Message);
    }

    /// <summary>A drill's report; a switchover drill that is still running is reported as running, not as its provisional record.</summary>
    private static async Task<DrillReport?> ReportAsync(string id, IServiceProvider services, CancellationToken ct)
    {
        var journal = services.GetRequiredService<IJournalStore>();
        var estate = services.GetRequiredService<Estate>();
        if (await journal.GetOperationAsync(id, ct) is not { Kind: OperationKind.Drill } op || estate.Services.FirstOrDefault(s => s.Id == op.ServiceId) is not { } service)
        {
            return null;
        }

        var running = services.GetRequiredService<SwitchoverDrillRunner>().Completion(id) is { IsCompleted: false };
        return DrillReportBuilder.Build(running ? op with { Status = OperationStatus.Running, Outcome = op.Outcome with { Summary = null } } : op, await journal.ReadEntriesAsync(id, ct), service);
    }

    private static OperationStatus Status(OperationRecord op, SwitchoverDrillRunner runner) =>
        runner.Completion(op.Id) is { IsCompleted: false } ? OperationStatus.Running : op.Status;

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
