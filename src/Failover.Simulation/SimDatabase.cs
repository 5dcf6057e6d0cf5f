using Failover.Core;
using Failover.Core.Replication;

namespace Failover.Simulation;

/// <summary>One simulated PostgreSQL member: its role, fence, epochs and WAL positions.</summary>
internal sealed class SimDatabase(string serviceId, string siteId)
{
    public string ServiceId { get; } = serviceId;

    public string SiteId { get; } = siteId;

    public DatabaseRole Role { get; set; } = DatabaseRole.Standby;

    public bool Fenced { get; set; }

    /// <summary>How it became fenced: engine, switchover, agent (a hard fence through the site agent), lease (the agent's lease ran out).</summary>
    public string? FencedBy { get; set; }

    public Epoch? PromotedEpoch { get; set; }

    public Epoch HighestEpoch { get; set; } = Epoch.Initial;

    public int Timeline { get; set; } = 1;

    public ulong CurrentLsn { get; set; }

    public ulong ReplayLsn { get; set; }

    /// <summary>For a standby: the site it streams from.</summary>
    public string? Upstream { get; set; }

    /// <summary>When the site agent's write lease runs out (simulated time, read at the site), or null when it holds none.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Replication speed factor (1 normal, small = slow, 0 = stopped).</summary>
    public double ReplicationRate { get; set; } = 1.0;

    /// <summary>How much of the usual write load the member takes as a primary (0: idle, no commits).</summary>
    public double WriteRate { get; set; } = 1.0;

    public bool Writable => Role == DatabaseRole.Primary && !Fenced;

    public void See(Epoch epoch)
    {
        if (epoch > HighestEpoch)
        {
            HighestEpoch = epoch;
        }
    }

    public override string ToString() =>
        $"{ServiceId}@{SiteId} {Role}{(Fenced ? $" fenced({FencedBy})" : "")} tl{Timeline} e{PromotedEpoch?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}/{HighestEpoch} lsn {CurrentLsn} replay {ReplayLsn}{(Upstream is null ? "" : $" <- {Upstream}")}";
}
