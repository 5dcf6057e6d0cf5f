using System.Text.Json;
using System.Text.RegularExpressions;
using Failover.Agent.Api;
using Failover.Agent.Json;
using Failover.Core;
using Failover.Core.Agents;
using Failover.Core.Operations;
using Failover.Core.Replication;

namespace Failover.Agent.Client;

/// <summary>
/// Reprotect through the member's site agent: <c>POST /v1/rebuild</c>, which stops its postmaster, rejoins the primary
/// (pg_rewind, else pg_basebackup) and restarts it as a standby streaming from it, under the slot named after the site.
/// </summary>
public sealed partial class AgentStandbyRebuild(HttpSiteAgents agents) : IStandbyRebuild
{
    public async Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(primary);
        var body = new
        {
            epoch = epoch.Value,
            primaryHost = primary.Endpoint.Host,
            primaryPort = primary.Endpoint.Port,
            user = primary.User,
            applicationName = SlotName(member.SiteId),
        };
        var call = await agents.Channel.SendAsync(member, HttpMethod.Post, "/v1/rebuild", body, agents.Options.RebuildTimeout, cancellationToken);
        var answer = Answer(call.Body);
        if (call.Failure != AgentFailure.None)
        {
            var failure = call.Failure switch
            {
                AgentFailure.Unreachable => ReplicationFailure.Unreachable,
                AgentFailure.Timeout => ReplicationFailure.Timeout,
                AgentFailure.StaleEpoch => ReplicationFailure.StaleEpoch,
                _ => ReplicationFailure.Error,
            };
            return new RebuildResult(false, false, failure, answer?.Detail ?? call.Detail);
        }

        return answer is { Succeeded: true }
            ? new RebuildResult(true, answer.Path == "NoRewindNeeded" && answer.DiscardedWalBytes == 0, ReplicationFailure.None,
                $"{answer.Path}: {answer.Detail}; discarded {answer.DiscardedWalBytes ?? 0} bytes of diverged WAL")
            : new RebuildResult(false, false, ReplicationFailure.Error, answer?.Detail ?? "the agent's answer is not a rebuild result");
    }

    /// <summary>The replication slot and application name of a site's standby: the site id in the characters a slot name allows.</summary>
    public static string SlotName(string siteId) => NotSlotCharacter().Replace(siteId.ToLowerInvariant(), "_");

    private static RebuildAnswer? Answer(string? body)
    {
        try
        {
            return body is null ? null : JsonSerializer.Deserialize<RebuildAnswer>(body, AgentJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotSlotCharacter();
}
