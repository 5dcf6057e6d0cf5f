using System.Globalization;
using System.Text.Json;
using Failover.Agent.Json;
using Failover.Core;
using Failover.Core.Agents;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Agent.Client;

/// <summary>
/// <see cref="ISiteAgents"/> over the agents' HTTP API (<c>failover agent</c>): the member's site gives the URL
/// (<c>sites[].agent.url</c>), the estate the mutual TLS. Never throws for a remote failure: unreachable, slow (each call
/// bounded by <see cref="HttpSiteAgentsOptions.CallTimeout"/>), stale epoch (409), refused (4xx) or failed.
/// </summary>
public sealed class HttpSiteAgents(Estate estate, HttpSiteAgentsOptions? options = null) : ISiteAgents, IDisposable
{
    private readonly AgentChannel _channel = new(estate);

    internal HttpSiteAgentsOptions Options { get; } = options ?? new HttpSiteAgentsOptions();

    internal AgentChannel Channel => _channel;

    public bool Covers(DatabaseMember member) => _channel.Covers(member);

    public Task<AgentReply> GrantLeaseAsync(DatabaseMember member, LeaseGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var body = new { epoch = grant.Epoch.Value, ttlMs = (long)Math.Ceiling(grant.Ttl.TotalMilliseconds), primary = grant.Primary, holder = grant.Holder };
        return CallAsync(member, HttpMethod.Put, "/v1/lease", body, cancellationToken);
    }

    public Task<AgentReply> FenceAsync(DatabaseMember member, Epoch epoch, string reason, CancellationToken cancellationToken) =>
        CallAsync(member, HttpMethod.Post, "/v1/fence", new { epoch = epoch.Value, reason }, cancellationToken);

    public Task<AgentReply> StatusAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) =>
        CallAsync(member, HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/v1/status?epoch={epoch.Value}"), null, cancellationToken);

    public void Dispose() => _channel.Dispose();

    private async Task<AgentReply> CallAsync(DatabaseMember member, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var call = await _channel.SendAsync(member, method, path, body, Options.CallTimeout, cancellationToken);
        if (call.Failure != AgentFailure.None)
        {
            return AgentReply.Failed(call.Failure, call.Detail);
        }

        try
        {
            return JsonSerializer.Deserialize<AgentStatus>(call.Body!, AgentJson.Options) is { } status
                ? AgentReply.Answered(status)
                : AgentReply.Failed(AgentFailure.Error, "the agent answered an empty status");
        }
        catch (JsonException e)
        {
            return AgentReply.Failed(AgentFailure.Error, $"the agent's answer is not a status: {e.Message}");
        }
    }
}
