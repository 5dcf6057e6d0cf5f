using Failover.Core;
using Microsoft.AspNetCore.Http;

namespace Failover.Agent.Api;

/// <summary>The agent's RFC 7807 problem documents (<c>application/problem+json</c> with type, title and detail).</summary>
internal static class Problems
{
    public const string TypeBase = "https://failover.invalid/problems/agent/";

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "malformed-request", "malformed request", detail);

    public static IResult StaleEpoch(StaleEpochException e) => Problem(
        StatusCodes.Status409Conflict, "stale-epoch", "stale epoch", e.Message, new Dictionary<string, object?> { ["highestEpoch"] = e.Highest.Value });

    public static IResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "client-certificate", "client certificate required", detail);

    public static IResult Failed(string detail) => Problem(StatusCodes.Status500InternalServerError, "agent-error", "the agent failed", detail);

    public static IResult Problem(int status, string slug, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: status, type: TypeBase + slug, title: title, detail: detail, extensions: extensions);

    /// <summary>The 409 a stale epoch earns, for code that has the two epochs.</summary>
    public static IResult StaleEpoch(Epoch given, Epoch highest) => StaleEpoch(new StaleEpochException(given, highest));
}
