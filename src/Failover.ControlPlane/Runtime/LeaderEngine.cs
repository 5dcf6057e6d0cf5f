using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Drills;
using Microsoft.Extensions.Logging;

namespace Failover.ControlPlane.Runtime;

/// <summary>
/// The engine of the current leadership term. An engine holds in memory what it last journaled, so each term gets a
/// fresh one built from the journal (after taking the journal over, when the store fences by term): a replica that
/// leads, loses and leads again never acts on what it remembered from its earlier term. Followers have no engine.
/// </summary>
public sealed partial class LeaderEngine(ILeadership leadership, IJournalStore journal, Func<FailoverEngine> create, ILogger<LeaderEngine> logger) : IActingEngine, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FailoverEngine? _engine;
    private long _term;
    private long _deposedTerm = -1;

    private TaskCompletionSource _turnRequested = NewTurnRequest();

    public ILeadership Leadership => leadership;

    /// <summary>Completes at the first <see cref="RequestTurn"/> after it was read.</summary>
    public Task TurnRequested => Volatile.Read(ref _turnRequested).Task;

    /// <summary>
    /// A command was accepted (a request, an approval, a cancel): the control loop takes its next turn now rather than
    /// at its next detection tick, so an operator's switchover starts without waiting up to a whole interval.
    /// </summary>
    public void RequestTurn() => Interlocked.Exchange(ref _turnRequested, NewTurnRequest()).TrySetResult();

    /// <summary>The engine, when this instance leads and its term's engine has loaded the journal; null otherwise.</summary>
    public FailoverEngine? Current
    {
        get
        {
            var state = leadership.Current;
            var engine = _engine;
            return state.IsLeader && !state.Lost.IsCancellationRequested && Volatile.Read(ref _term) == state.Term ? engine : null;
        }
    }

    /// <summary>Why this instance refuses to act, naming the leader (null when it leads).</summary>
    public string? Refusal()
    {
        var state = leadership.Current;
        if (Current is not null)
        {
            return null;
        }

        if (leadership is StaticLeadership && !state.IsLeader)
        {
            return "this instance only observes; send operations to the instance that acts";
        }

        return state.IsLeader
            ? $"this instance ({leadership.Identity}) has just become the leader and is still loading the journal; retry in a moment"
            : $"this instance ({leadership.Identity}) is a follower; the leader is {state.Leader ?? "not known yet (an election is under way)"}: send operations to the leader";
    }

    /// <summary>
    /// Called by the control loop each turn: builds the engine of a new term (taking the journal over first), drops
    /// the engine of a term that ended. Returns the engine to act with, or null when this instance must not act.
    /// </summary>
    public async Task<FailoverEngine?> EnsureAsync(CancellationToken cancellationToken)
    {
        var state = leadership.Current;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!state.IsLeader || state.Lost.IsCancellationRequested)
            {
                StepDown();
                return null;
            }

            if (_engine is not null && _term == state.Term)
            {
                return _engine;
            }

            if (Volatile.Read(ref _deposedTerm) == state.Term)
            {
                // Another replica took the journal over during this term: the lease will tell us we lost it; never
                // take the journal back within the term that was deposed.
                StepDown();
                return null;
            }

            StepDown();
            using var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, state.Lost);
            if (journal is ILeaderJournal fenced)
            {
                await fenced.TakeOverAsync(leadership.Identity, term.Token);
            }

            var engine = create();
            try
            {
                await engine.InitializeAsync(term.Token);
            }
            catch
            {
                engine.Dispose();
                throw;
            }

            _engine = engine;
            Volatile.Write(ref _term, state.Term);
            Log.Acting(logger, leadership.Identity, state.Term);
            return engine;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The journal refused a write: another leader took over. Drop the engine; a new term builds a new one.</summary>
    public void Deposed(NotLeaderException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        Log.Deposed(logger, leadership.Identity, refusal.CurrentLeader ?? "unknown", refusal.Message);
        Volatile.Write(ref _deposedTerm, leadership.Current.Term);
        Volatile.Write(ref _term, -1);
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _gate.Dispose();
    }

    private static TaskCompletionSource NewTurnRequest() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void StepDown()
    {
        if (_engine is null)
        {
            return;
        }

        Log.SteppedDown(logger, leadership.Identity);
        _engine.Dispose();
        _engine = null;
        Volatile.Write(ref _term, 0);
    }

    private static partial class Log
    {
        [LoggerMessage(7101, LogLevel.Warning, "{Identity} acts as leader (term {Term}): journal loaded, in-flight operations resume")]
        public static partial void Acting(ILogger logger, string identity, long term);

        [LoggerMessage(7102, LogLevel.Warning, "{Identity} stopped acting: no longer the leader")]
        public static partial void SteppedDown(ILogger logger, string identity);

        [LoggerMessage(7103, LogLevel.Error, "{Identity} was deposed (the journal refused its write; leader now {Leader}): {Reason}")]
        public static partial void Deposed(ILogger logger, string identity, string leader, string reason);
    }
}
