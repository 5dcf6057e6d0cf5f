using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Failover.Lab.DemoApp;

/// <summary>
/// A small ENT: a homework list read and written through PostgreSQL. Every response names the site that served it
/// (<c>X-Failover-Site</c>); a write answers 201 only after its commit. The control plane activates it against a
/// primary, or deactivates it (then it answers 503) through the admin endpoints.
/// </summary>
public static class DemoApplication
{
    public const string SiteHeader = "X-Failover-Site";

    /// <summary>Created once on the primary when the lab sets up a service; replication carries it to the standbys.</summary>
    public const string SchemaSql =
        "CREATE TABLE IF NOT EXISTS homework (id bigserial PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())";

    public static WebApplication Build(DemoAppOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DemoAppState>();
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Response.Headers[SiteHeader] = options.SiteId;
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapGet("/healthz", HealthAsync);
        app.MapGet("/", PageAsync);
        app.MapPost("/api/homework", CreateAsync);
        app.MapGet("/api/homework/{id:long}", ReadAsync);
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Headers.Authorization.ToString() == $"Bearer {options.AdminToken}"
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "admin token required"));
        admin.MapGet("/state", (DemoAppState state) => new { site = options.SiteId, active = state.Target is not null, primary = state.Target, epoch = state.Epoch });
        admin.MapPut("/activate", async (DemoAppTarget target, DemoAppState state) => Changed(await state.ActivateAsync(target), state));
        admin.MapPut("/deactivate", async (DeactivateRequest request, DemoAppState state) => Changed(await state.DeactivateAsync(request.Epoch), state));
        return app;
    }

    public sealed record HomeworkRequest(string? Title);

    public sealed record DeactivateRequest(long Epoch);

    private static IResult Changed(DemoAppState.Change change, DemoAppState state) => change == DemoAppState.Change.StaleEpoch
        ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "stale epoch", detail: $"this application already acts under epoch {state.Epoch}")
        : Results.Ok(new { applied = change == DemoAppState.Change.Applied, epoch = state.Epoch });

    private static async Task<IResult> HealthAsync(DemoAppState state, CancellationToken cancellationToken)
    {
        if (state.DataSource is not { } source)
        {
            // A standby site's application is alive and waiting: healthy for the site's verdict, not serving.
            return Results.Text("ok standby");
        }

        try
        {
            await using var command = source.CreateCommand("SELECT pg_is_in_recovery()");
            var readOnly = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            return readOnly
                ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "database is read-only", detail: "the database this site points at is a standby")
                : Results.Text("ok active");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "database unreachable", detail: e.Message);
        }
    }

    private static async Task<IResult> CreateAsync(HomeworkRequest? request, DemoAppState state, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Title) || request.Title.Length > 500)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid homework", detail: "'title' is required: 1 to 500 characters");
        }

        return await WithDatabase(state, async source =>
        {
            await using var command = source.CreateCommand("INSERT INTO homework (title) VALUES ($1) RETURNING id");
            command.Parameters.Add(new NpgsqlParameter { Value = request.Title });
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return Results.Created($"/api/homework/{id}", new { id });
        });
    }

    private static async Task<IResult> ReadAsync(long id, DemoAppState state, CancellationToken cancellationToken) =>
        await WithDatabase(state, async source =>
        {
            await using var command = source.CreateCommand("SELECT title, created_at FROM homework WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? Results.Ok(new { id, title = reader.GetString(0), createdAt = reader.GetDateTime(1) })
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "no such homework", detail: $"no homework {id}");
        });

    private static async Task<IResult> PageAsync(DemoAppState state, HttpContext context, CancellationToken cancellationToken) =>
        await WithDatabase(state, async source =>
        {
            await using var command = source.CreateCommand("SELECT id, title FROM homework ORDER BY id DESC LIMIT 20");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var items = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add($"<li>#{reader.GetInt64(0)} {WebUtility.HtmlEncode(reader.GetString(1))}</li>");
            }

            var site = WebUtility.HtmlEncode(context.Response.Headers[SiteHeader].ToString());
            return Results.Content(
                $"<!doctype html><title>ENT — devoirs</title><h1>Cahier de textes</h1><p>Servi par le site <b>{site}</b></p><ul>{string.Concat(items)}</ul>",
                "text/html; charset=utf-8");
        });

    private static async Task<IResult> WithDatabase(DemoAppState state, Func<NpgsqlDataSource, Task<IResult>> action)
    {
        if (state.DataSource is not { } source)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "standby", detail: "this site is not active");
        }

        try
        {
            return await action(source);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "database is read-only", detail: "the database refuses writes (fenced or standby)");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ObjectDisposedException)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "database unavailable", detail: e.Message);
        }
    }
}
