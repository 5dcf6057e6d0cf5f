using System.Security.Claims;
using System.Text.Json;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.ControlPlane.Api;

/// <summary>Status, operations (list, show, preview, request, approve, cancel) and the event stream.</summary>
internal static class OperationsApi
{
    public static void MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1").RequireAuthorization(Policies.Viewer);
        read.MapGet("/status", (Estate estate, RuntimeStatus runtime, EngineSeams seams, LeaderEngine leaders, TimeProvider time, CancellationToken ct) =>
            StatusView.BuildAsync(estate, runtime, seams.Routers, time, ct, leaders.Leadership));
        read.MapGet("/operations", async (IJournalStore journal, CancellationToken ct) =>
            (await journal.ListOperationsAsync(activeOnly: false, ct)).OrderByDescending(o => o.Request.CreatedAt).Select(OperationView.From));
        read.MapGet("/operations/{id}", async (string id, IJournalStore journal, CancellationToken ct) =>
            await journal.GetOperationAsync(id, ct) is { } op
                ? Results.Ok(OperationView.From(op, await journal.ReadEntriesAsync(id, ct)))
                : Problem(StatusCodes.Status404NotFound, "unknown operation", $"no operation '{id}' in the journal"));
        read.MapPost("/operations/preview", async (OperationRequestBody body, ClaimsPrincipal user, Estate estate, LeaderEngine leaders, CancellationToken ct) =>
        {
            if (leaders.Current is not { } engine)
            {
                return NotLeader(leaders);
            }

            var (request, problem) = body.ToRequest(Caller(user), estate);
            if (request is null)
            {
                return Problem(StatusCodes.Status400BadRequest, "invalid operation request", problem!);
            }

            var plan = await engine.PreviewAsync(request, ct);
            return plan.Plan is { } p ? Results.Ok(PlanView.From(p)) : Problem(StatusCodes.Status409Conflict, "operation refused", plan.Refusal!);
        });
        read.MapGet("/events", StreamEventsAsync);
        read.MapGet("/events/recent", (EventFeed feed) => feed.Recent.Reverse());

        var act = app.MapGroup("/api/v1").RequireAuthorization(Policies.Operator);
        // Only the leader accepts commands; a follower refuses, naming the leader (a client or proxy retries there).
        var operations = act.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<LeaderEngine>() is { Current: null } leaders
                ? NotLeader(leaders)
                : await next(context));
        operations.MapPost("/operations", async (OperationRequestBody body, ClaimsPrincipal user, Estate estate, LeaderEngine leaders, CancellationToken ct) =>
        {
            var (request, problem) = body.ToRequest(Caller(user), estate);
            return request is null
                ? Problem(StatusCodes.Status400BadRequest, "invalid operation request", problem!)
                : await ActAsync(leaders, engine => engine.RequestAsync(request, ct), created: true);
        });
        operations.MapPost("/operations/{id}/approve", (string id, ClaimsPrincipal user, LeaderEngine leaders, CancellationToken ct) =>
            ActAsync(leaders, engine => engine.ApproveAsync(id, Caller(user), ct), created: false));
        act.MapPut("/observers/{id}/view", async (string id, Core.Health.ObserverView view, Core.Health.IObserverViewExchange views, CancellationToken ct) =>
            views is HttpObserverViewExchange exchange
                ? await exchange.ReceiveAsync(id, view, ct) is { } refusal ? Problem(StatusCodes.Status400BadRequest, "view refused", refusal) : Results.NoContent()
                : Problem(StatusCodes.Status409Conflict, "no view exchange", "this control plane runs as a single observer (the estate declares at most one)"));
        operations.MapPost("/operations/{id}/cancel", (string id, CancelBody? body, ClaimsPrincipal user, LeaderEngine leaders, CancellationToken ct) =>
            ActAsync(leaders, engine => engine.CancelAsync(id, Caller(user), body?.Reason ?? "cancelled through the API", ct), created: false));
    }

    public sealed record CancelBody(string? Reason);

    /// <summary>Runs a command on the leader's engine; a journal that refuses the write (deposed meanwhile) is a 409.</summary>
    private static async Task<IResult> ActAsync(LeaderEngine leaders, Func<FailoverEngine, Task<CommandResult>> command, bool created)
    {
        if (leaders.Current is not { } engine)
        {
            return NotLeader(leaders);
        }

        try
        {
            var result = await command(engine);
            if (result.Accepted)
            {
                leaders.RequestTurn();
            }

            return Answer(result, created);
        }
        catch (NotLeaderException e)
        {
            leaders.Deposed(e);
            return NotLeader(leaders);
        }
    }

    internal static IResult NotLeader(LeaderEngine leaders) =>
        leaders.Leadership is StaticLeadership
            ? Problem(StatusCodes.Status409Conflict, "observe-only instance", leaders.Refusal() ?? "this instance does not act")
            : Results.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "not the leader", detail: leaders.Refusal() ?? "this instance does not lead",
                extensions: new Dictionary<string, object?> { ["leader"] = leaders.Leadership.Current.Leader, ["identity"] = leaders.Leadership.Identity });

    private static string Caller(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static IResult Answer(CommandResult result, bool created)
    {
        if (!result.Accepted)
        {
            return Problem(StatusCodes.Status409Conflict, "operation refused", result.Message);
        }

        var body = new { operationId = result.OperationId, status = result.Status, message = result.Message, plan = result.Plan is { } p ? PlanView.From(p) : null };
        return created ? Results.Created($"/api/v1/operations/{result.OperationId}", body) : Results.Ok(body);
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    private static async Task StreamEventsAsync(HttpContext context, EventFeed feed, CancellationToken ct)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(ct);
        try
        {
            await foreach (var e in feed.SubscribeAsync(ct))
            {
                await context.Response.WriteAsync($"event: {e.Kind}\ndata: {JsonSerializer.Serialize(e, ApiJson.Options)}\n\n", ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
