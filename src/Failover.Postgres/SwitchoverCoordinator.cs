using Failover.Core.Replication;
using Microsoft.Extensions.Logging;

namespace Failover.Postgres;

/// <summary>
/// Planned switchover with zero data loss: check both members, fence the primary, read its final LSN, wait (bounded)
/// until the target has replayed it, promote. When the target cannot catch up, or the promotion is refused before
/// <c>pg_promote</c> was sent, the old primary is unfenced; a standby that is behind is never promoted.
/// </summary>
internal sealed class SwitchoverCoordinator(
    MemberObserver observer, MemberFencer fencer, MemberPromoter promoter, MemberSessions sessions, TimeProvider timeProvider, ILogger logger)
{
    public async Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var (primary, target) = (request.Primary, request.Target);

        var before = await observer.ObserveAsync(primary, cancellationToken);
        var standby = await observer.ObserveAsync(target, cancellationToken);
        if (Precheck(request, before, standby) is { } refusal)
        {
            return Done(request, refusal.Failure, refusal.Detail, null, null, false, started);
        }

        var fence = await fencer.FenceAsync(primary, request.Epoch, cancellationToken);
        if (!fence.Succeeded)
        {
            var undone = fence.Failure is not (ReplicationFailure.StaleEpoch or ReplicationFailure.NotPrimary)
                && (await fencer.UnfenceAsync(primary, request.Epoch, cancellationToken)).Succeeded;
            return Done(request, fence.Failure, $"fencing the primary failed: {fence.Detail}", null, null, undone, started);
        }

        var final = await observer.ObserveAsync(primary, cancellationToken);
        if (final.CurrentLsn is not { } finalLsn)
        {
            var undone = (await fencer.UnfenceAsync(primary, request.Epoch, cancellationToken)).Succeeded;
            return Done(request, final.Failure == ReplicationFailure.None ? ReplicationFailure.NotPrimary : final.Failure,
                $"the primary's final LSN could not be read: {final.FailureDetail}", null, null, undone, started);
        }

        Log.SwitchoverFenced(logger, primary.ToString(), target.ToString(), request.Epoch.Value, finalLsn.ToString());
        var replayed = await WaitForReplayAsync(target, finalLsn, request.CatchUpTimeout, cancellationToken);
        if (replayed is not { } at || at < finalLsn)
        {
            var undone = (await fencer.UnfenceAsync(primary, request.Epoch, cancellationToken)).Succeeded;
            var detail = $"the target replayed {(replayed?.ToString() ?? "nothing observable")} but the primary's final LSN is {finalLsn} after {request.CatchUpTimeout}; not promoted";
            return Done(request, ReplicationFailure.Behind, detail, finalLsn, null, undone, started);
        }

        if (request.BeforePromote is { } beforePromote && await beforePromote(cancellationToken) is { } notNow)
        {
            var undone = (await fencer.UnfenceAsync(primary, request.Epoch, cancellationToken)).Succeeded;
            return Done(request, ReplicationFailure.Error, $"not promoted: {notNow}", finalLsn, null, undone, started);
        }

        var outcome = await promoter.PromoteAsync(
            new PromotionRequest(target, request.Epoch, request.ExpectedSystemIdentifier, finalLsn, PromoteTimeout(request)), cancellationToken);
        if (!outcome.Result.Promoted)
        {
            // Only safe to give writes back to the old primary when the target cannot have started promoting.
            var undone = !outcome.PromoteIssued && (await fencer.UnfenceAsync(primary, request.Epoch, cancellationToken)).Succeeded;
            return Done(request, outcome.Result.Failure, $"promotion failed: {outcome.Result.Detail}", finalLsn, outcome.Result, undone, started);
        }

        var duration = timeProvider.GetElapsedTime(started);
        Log.SwitchoverCompleted(logger, primary.ToString(), target.ToString(), request.Epoch.Value, duration.TotalMilliseconds);
        return new SwitchoverResult(true, ReplicationFailure.None, $"switched over at {finalLsn}; the old primary stays fenced", finalLsn, outcome.Result, false, duration);
    }

    private static (ReplicationFailure Failure, string Detail)? Precheck(SwitchoverRequest request, MemberObservation primary, MemberObservation target)
    {
        if (!primary.Reachable)
        {
            return (primary.Failure, $"the primary cannot be reached: {primary.FailureDetail}");
        }

        if (primary.Role != DatabaseRole.Primary)
        {
            return (ReplicationFailure.NotPrimary, "the member named as primary is in recovery");
        }

        if (!target.Reachable)
        {
            return (target.Failure, $"the target cannot be reached: {target.FailureDetail}");
        }

        if (target.Role != DatabaseRole.Standby)
        {
            return (ReplicationFailure.NotInRecovery, "the target is not a standby");
        }

        if (primary.SystemIdentifier != target.SystemIdentifier
            || (request.ExpectedSystemIdentifier is { } expected && expected != target.SystemIdentifier))
        {
            return (ReplicationFailure.WrongSystemIdentifier, $"the target belongs to cluster {target.SystemIdentifier}, the primary to {primary.SystemIdentifier}");
        }

        foreach (var epoch in new[] { primary.Epoch, target.Epoch })
        {
            if (epoch is { } seen && seen > request.Epoch)
            {
                return (ReplicationFailure.StaleEpoch, $"a member has acted under epoch {seen}; the caller holds epoch {request.Epoch}");
            }
        }

        return null;
    }

    private async Task<Lsn?> WaitForReplayAsync(DatabaseMember target, Lsn finalLsn, TimeSpan within, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        Lsn? replayed = null;
        try
        {
            await using var connection = await sessions.OpenAsync(target, SessionKind.Control, cancellationToken);
            while (true)
            {
                var text = await MemberState.ScalarAsync<string>(connection, "SELECT pg_last_wal_replay_lsn()::text", cancellationToken);
                replayed = text is null ? replayed : Lsn.Parse(text);
                if ((replayed is { } at && at >= finalLsn) || timeProvider.GetElapsedTime(started) >= within)
                {
                    return replayed;
                }

                await Task.Delay(sessions.Options.PollInterval, timeProvider, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ObservationFailed(logger, target.ToString(), MemberSessions.Classify(e, cancellationToken).Failure, "while waiting for replay");
            return replayed;
        }
    }

    private TimeSpan PromoteTimeout(SwitchoverRequest request) => request.CatchUpTimeout > sessions.Options.CommandTimeout ? request.CatchUpTimeout : sessions.Options.CommandTimeout;

    private SwitchoverResult Done(
        SwitchoverRequest request, ReplicationFailure failure, string detail, Lsn? finalLsn, PromotionResult? promotion, bool unfenced, long started)
    {
        Log.SwitchoverAbandoned(logger, request.Primary.ToString(), request.Target.ToString(), request.Epoch.Value, failure, detail, unfenced);
        return new SwitchoverResult(false, failure, detail, finalLsn, promotion, unfenced, timeProvider.GetElapsedTime(started));
    }
}
