using Failover.Core.Replication;

namespace Failover.Core.Agents;

/// <summary>The member as its agent reads it locally; positions are null where the role has none or the server is down.</summary>
public sealed record AgentMemberView(
    DatabaseRole Role,
    int? Timeline,
    Lsn? Current,
    Lsn? Receive,
    Lsn? Flush,
    Lsn? Replay,
    bool ReceiverStreaming,
    IReadOnlyList<AgentReplicaView> Replicas)
{
    public static AgentMemberView Down { get; } = new(DatabaseRole.Unknown, null, null, null, null, null, false, []);
}
