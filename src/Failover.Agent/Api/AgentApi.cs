using System.Globalization;
using System.Text.Json;
using Failover.Core;
using Failover.Core.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Failover.Agent.Api;

/// <summary>
/// The agent's API: <c>PUT /v1/lease</c>, <c>POST /v1/fence</c>, <c>GET /v1/status?epoch=N</c>, <c>POST /v1/rebuild</c>.
/// Every call carries the epoch; a lower one than the agent has seen is a 409 and changes nothing; a malformed body a
/// 400 naming the field.
/// </summary>
internal static class AgentApi
{
    public static void Map(IEndpointRouteBuilder routes, TimeProvider timeProvider)
    {
        routes.MapPut("/v1/lease", async (HttpContext context, SiteAgent agent) =>
        {
            var receivedAt = timeProvider.GetTimestamp();
            return await WithBodyAsync(context, async (fields, token) =>
            {
                var epoch = fields.Long("epoch", 1);
                var ttl = fields.Long("ttlMs", 1);
                var primary = fields.Bool("primary");
                var holder = fields.String("holder", required: true);
                if (fields.Errors.Count > 0)
                {
                    return Invalid(fields);
                }

                var grant = new LeaseGrant(new Epoch(epoch), TimeSpan.FromMilliseconds(ttl), primary, holder!);
                return Results.Json(await agent.GrantLeaseAsync(grant, receivedAt, token), AgentJson);
            });
        });

        routes.MapPost("/v1/fence", (HttpContext context, SiteAgent agent) => WithBodyAsync(context, async (fields, token) =>
        {
            var epoch = fields.Long("epoch", 1);
            var reason = fields.String("reason", required: true);
            return fields.Errors.Count > 0 ? Invalid(fields) : Results.Json(await agent.FenceAsync(new Epoch(epoch), reason!, token), AgentJson);
        }));

        routes.MapGet("/v1/status", async (HttpContext context, SiteAgent agent) =>
        {
            var text = context.Request.Query["epoch"].ToString();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return Problems.BadRequest($"epoch: expected the query parameter ?epoch=N with a whole number of at least 1, found '{text}'");
            }

            var status = await agent.StatusAsync(context.RequestAborted);
            return status.HighestEpoch is { } highest && new Epoch(value) < highest
                ? Problems.StaleEpoch(new Epoch(value), highest)
                : Results.Json(status, AgentJson);
        });

        routes.MapPost("/v1/rebuild", (HttpContext context, SiteAgent agent) => WithBodyAsync(context, async (fields, token) =>
        {
            var epoch = fields.Long("epoch", 1);
            var host = fields.String("primaryHost", required: true);
            var port = fields.Long("primaryPort", 1);
            var user = fields.String("user", required: false);
            var name = fields.String("applicationName", required: true);
            var database = fields.String("database", required: false);
            if (port > 65535)
            {
                return Problems.BadRequest($"primaryPort: expected a port from 1 to 65535, found {port}");
            }

            if (fields.Errors.Count > 0)
            {
                return Invalid(fields);
            }

            var result = await agent.RebuildAsync(new RebuildOrder(new Epoch(epoch), host!, (int)port, user, name!, database), token);
            var answer = new RebuildAnswer(result.Succeeded, result.Path?.ToString(), result.Streaming, result.DiscardedWalBytes, result.Detail, result.Duration.TotalMilliseconds);
            return result.Succeeded ? Results.Json(answer, AgentJson) : Results.Json(answer, AgentJson, statusCode: StatusCodes.Status500InternalServerError);
        }));
    }

    private static JsonSerializerOptions AgentJson => Json.AgentJson.Options;

    private static IResult Invalid(BodyFields fields) => Problems.BadRequest(string.Join("; ", fields.Errors));

    private static async Task<IResult> WithBodyAsync(HttpContext context, Func<BodyFields, CancellationToken, Task<IResult>> handle)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"body: expected a JSON object ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problems.BadRequest($"body: expected a JSON object, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            try
            {
                // Not the request's token: a caller that gives up must not leave a restart or a rebuild half done; each is bounded.
                return await handle(new BodyFields(document.RootElement), CancellationToken.None);
            }
            catch (StaleEpochException e)
            {
                return Problems.StaleEpoch(e);
            }
            catch (UnfenceRefusedException e)
            {
                return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "fenced-under-earlier-epoch", "unfence refused", e.Message);
            }
        }
    }
}
