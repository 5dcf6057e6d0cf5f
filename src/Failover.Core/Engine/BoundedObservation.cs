using System.Globalization;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Engine;

/// <summary>
/// A cut-off member answers nothing until the adapter's own connect timeout (with its retries, several seconds): every
/// observation the engine and its steps wait on is bounded, so one silent site never holds up a decision or a step.
/// </summary>
public static class BoundedObservation
{
    public static async Task<MemberObservation> ObserveAsync(
        IReplicationControl replication, DatabaseMember member, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replication);
        ArgumentNullException.ThrowIfNull(time);
        var observing = replication.ObserveAsync(member, cancellationToken);
        try
        {
            return observing.IsCompleted ? await observing : await observing.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The adapter ends the call on its own timeout; what it answers then is not waited for.
            return MemberObservation.Unreachable(
                member, time.GetUtcNow(), ReplicationFailure.Timeout, string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.#} s"));
        }
    }
}
