using Failover.Agent.State;
using Failover.Agent.Supervision;
using Failover.Core;
using Failover.Core.Agents;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Postgres;
using Failover.Postgres.Programs;
using Failover.Postgres.Rejoin;
using Microsoft.Extensions.Logging;

namespace Failover.Agent;

/// <summary>
/// The agent's state and the only place that changes it: the supervised postmaster, the highest epoch, the lease, the
/// fence. Calls that change something run one at a time; the lease check (<see cref="CheckAsync"/>) skips a turn
/// while one runs, and the status is read without waiting. Safety rule: the member may accept writes (runs without
/// standby.signal) only while the agent holds an unexpired primary lease; otherwise it is fenced.
/// </summary>
internal sealed class SiteAgent : IDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RestartBackoff = TimeSpan.FromSeconds(5);

    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Postmaster _postmaster;
    private readonly MemberSignals _signals;
    private readonly EpochStore _epochs;
    private readonly FenceJournal _journal;
    private readonly LocalMember _local;
    private readonly AppCommand _appStop;
    private readonly AppCommand _appStart;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile HeldLease? _lease;
    private long _highestEpoch; // 0: none seen; read by status without the gate, hence one word written atomically
    private volatile bool _stopping;
    private long? _lastRestart;

    public SiteAgent(AgentOptions options, TimeProvider timeProvider, ILogger<SiteAgent> logger)
    {
        _options = options;
        _time = timeProvider;
        _logger = logger;
        Directory.CreateDirectory(options.StateDirectory);
        var user = options.RunAs is { } name ? ServerUser.Resolve(name) : null;
        _postmaster = new Postmaster(options, user, timeProvider);
        _signals = new MemberSignals(options.DataDirectory, options.StateDirectory);
        _epochs = new EpochStore(options.StateDirectory);
        _journal = new FenceJournal(options.StateDirectory);
        _local = new LocalMember(options);
        _appStop = new AppCommand("stop", options.AppStopCommand, options.AppStopTimeout, options.ServiceId, options.SiteId);
        _appStart = new AppCommand("start", options.AppStartCommand, options.AppStartTimeout, options.ServiceId, options.SiteId);
    }

    public int? ServerPid => _postmaster.Pid;

    private Epoch? Highest
    {
        get => Interlocked.Read(ref _highestEpoch) is > 0 and var value ? new Epoch(value) : null;
        set => Interlocked.Exchange(ref _highestEpoch, value?.Value ?? 0);
    }

    /// <summary>Starts the postmaster, fenced when the data directory was a primary's; returns once it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Highest = _epochs.Load();
            if (!_signals.IsStandby)
            {
                Log.StartingFenced(_logger);
                _signals.Fence(Highest);
                _journal.Append(new AgentFenceEvent(
                    _time.GetUtcNow(), Highest, "started-fenced",
                    "the data directory had no standby.signal (it was a primary): started as a standby until a primary lease arrives", TimeSpan.Zero));
            }

            await StartServerAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fast shutdown of the postmaster (SIGTERM of the agent); the lease check stops acting.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        await _gate.WaitAsync();
        try
        {
            Log.Stopping(_logger);
            await _postmaster.StopFastAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<AgentStatus> GrantLeaseAsync(LeaseGrant grant, long receivedAt, CancellationToken cancellationToken)
    {
        // A grant that reached the agent is applied even when its caller stopped waiting for the answer: it runs from its
        // receipt (before this wait), and the control plane counted it from its sending, which came first.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            RefuseStale(grant.Epoch);
            if (grant.Primary && _signals.IsStandby && _signals.FencedUnder is { } under && grant.Epoch > under)
            {
                // The same rule as an operator's unfence: a promotion may have happened under the later epoch.
                throw new UnfenceRefusedException(
                    $"the member was fenced under epoch {under} and the primary grant is for epoch {grant.Epoch}: another member may have been promoted since; rebuild this one as a standby (POST /v1/rebuild)");
            }

            Admit(grant.Epoch);
            _lease = new HeldLease(grant, receivedAt);
            Log.LeaseGranted(_logger, grant.Epoch.Value, grant.Holder, grant.Primary, grant.Ttl.TotalMilliseconds);
            if (grant.Primary && _signals.FencedButPromoted)
            {
                _signals.ClearMarker(); // promoted over SQL under this lease: it is a primary by promotion, not by an unfence
            }
            else if (grant.Primary && _signals.IsFenced)
            {
                Log.Unfencing(_logger, grant.Epoch.Value);
                await _postmaster.StopFastAsync();
                _signals.Unfence();
                await StartServerAsync(CancellationToken.None);
                // Same epoch, so nobody was promoted meanwhile: the site serves again, its application too.
                var app = await _appStart.RunAsync(grant.Epoch, "unfenced");
                _journal.Append(new AgentFenceEvent(_time.GetUtcNow(), grant.Epoch, "unfenced", $"primary lease of {grant.Holder} granted under epoch {grant.Epoch}; {app}", TimeSpan.Zero));
            }
        }
        finally
        {
            _gate.Release();
        }

        return await StatusAsync(cancellationToken);
    }

    public async Task<AgentStatus> FenceAsync(Epoch epoch, string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Admit(epoch);
            _lease = null;
            await FenceLockedAsync(epoch, "requested", reason);
        }
        finally
        {
            _gate.Release();
        }

        return await StatusAsync(cancellationToken);
    }

    /// <summary>Rebuilds the member as a standby of the given primary (pg_rewind, else pg_basebackup) through the agent's own supervision.</summary>
    public async Task<RejoinResult> RebuildAsync(RebuildOrder order, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Admit(order.Epoch);
            _lease = null;
            var password = _options.PasswordFile is { } file
                ? new SecretReference(SecretSource.File, file)
                : new SecretReference(SecretSource.Environment, "PGPASSWORD");
            var primary = new DatabaseMember(
                _options.ServiceId, "primary", new HostEndpoint(order.PrimaryHost, order.PrimaryPort), order.Database ?? "postgres", order.User ?? _options.DbUser, password);
            var programs = new PostgresPrograms(_options.PostgresBin, _options.RunAs);
            var rejoin = new PostgresRejoin(programs, new EnvironmentAndFileSecretResolver(), _time, _logger, new SupervisedServerControl(this));
            var result = await rejoin.RejoinAsync(
                new RejoinRequest(_options.DataDirectory, primary, order.ApplicationName, null, _options.ServerLogFile, _options.RebuildTimeout), cancellationToken);
            if (result.Succeeded)
            {
                _signals.ClearMarker();
            }
            else if (!_postmaster.IsRunning)
            {
                // Whatever the rejoin left, the member comes back unable to commit.
                if (!_signals.IsStandby)
                {
                    _signals.Fence(Highest);
                }

                await TryStartServerAsync(cancellationToken);
            }

            Log.Rebuilt(_logger, order.Epoch.Value, primary.Endpoint.ToString(), result.Detail ?? "");
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// One turn of the lease check: fences a writable member without an unexpired primary lease, and starts the
    /// postmaster again when it exited on its own (fenced, unless the lease still lets it write).
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (_stopping || !await _gate.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            var lease = _lease;
            var writes = lease?.LetsWrite(_time) == true;
            if (!_postmaster.IsRunning)
            {
                if (_lastRestart is { } last && _time.GetElapsedTime(last) < RestartBackoff)
                {
                    return;
                }

                _lastRestart = _time.GetTimestamp();
                Log.ServerExited(_logger);
                if (!_signals.IsStandby && !writes)
                {
                    _signals.Fence(Highest);
                }

                await TryStartServerAsync(cancellationToken);
            }
            else if (!_signals.IsStandby && !writes)
            {
                var reason = lease is null ? "no-lease" : lease.Grant.Primary ? "lease-expired" : "no-primary-lease";
                var detail = lease is null
                    ? "the member ran as primary without a lease"
                    : lease.Grant.Primary
                        ? $"the primary lease of {lease.Grant.Holder} (ttl {lease.Grant.Ttl.TotalMilliseconds:0} ms) ran out"
                        : "the member ran as primary under a lease that does not let it write";
                await FenceLockedAsync(lease?.Grant.Epoch ?? Highest, reason, detail);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<AgentStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var member = _postmaster.IsRunning ? await _local.ReadAsync(cancellationToken) : AgentMemberView.Down;
        var lease = _lease is { } held && held.Remaining(_time) > TimeSpan.Zero
            ? new AgentLease(held.Grant.Epoch, held.Grant.Primary, held.Grant.Holder, held.Remaining(_time))
            : null;
        return new AgentStatus(
            _options.ServiceId, _options.SiteId, Highest, lease, _signals.IsFenced, _postmaster.IsRunning, member, _journal.Events, _time.GetUtcNow());
    }

    /// <summary>Refuses an epoch lower than the highest seen; records a higher one (persisted before anything acts on it).</summary>
    public void Admit(Epoch epoch)
    {
        RefuseStale(epoch);
        if (Highest is not { } seen || epoch > seen)
        {
            _epochs.Save(epoch);
            Highest = epoch;
        }
    }

    private void RefuseStale(Epoch epoch)
    {
        if (Highest is { } highest && epoch < highest)
        {
            Log.StaleEpoch(_logger, epoch.Value, highest.Value);
            throw new StaleEpochException(epoch, highest);
        }
    }

    public void Dispose()
    {
        _postmaster.Dispose();
        _gate.Dispose();
    }

    internal Task StopServerForRejoinAsync() => _postmaster.StopFastAsync();

    internal async Task<RejoinStart> StartServerForRejoinAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartServerAsync(cancellationToken);
            return new RejoinStart(true, "started");
        }
        catch (InvalidOperationException e)
        {
            return new RejoinStart(false, e.Message);
        }
    }

    private async Task FenceLockedAsync(Epoch? epoch, string reason, string why)
    {
        var started = _time.GetTimestamp();
        var formerPrimary = !_signals.IsStandby;
        var wasRunning = _postmaster.IsRunning;
        var down = TimeSpan.Zero;
        if (formerPrimary)
        {
            down = await _postmaster.StopImmediateAsync();
            _signals.Fence(Highest);
        }

        var app = await _appStop.RunAsync(Highest ?? epoch, reason);
        var restart = "";
        if (formerPrimary && wasRunning && !_stopping)
        {
            restart = await TryStartServerAsync(CancellationToken.None) ? "; restarted as a standby" : "; the restart as a standby failed";
        }

        var state = formerPrimary ? $"postmaster stopped (immediate) in {down.TotalMilliseconds:0} ms" : "already unable to commit (standby)";
        var detail = $"{why}; {state}; {app}{restart}; whole fence {_time.GetElapsedTime(started).TotalMilliseconds:0} ms";
        _journal.Append(new AgentFenceEvent(_time.GetUtcNow(), epoch, reason, detail, down));
        Log.Fenced(_logger, reason, down.TotalMilliseconds, detail);
    }

    private async Task<bool> TryStartServerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartServerAsync(cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        if (!_postmaster.IsRunning)
        {
            StaleLockFiles.Remove(_options);
        }

        await _postmaster.StartAsync();
        var started = _time.GetTimestamp();
        while (!await _local.AcceptsConnectionsAsync(cancellationToken))
        {
            if (!_postmaster.IsRunning)
            {
                throw new InvalidOperationException($"the postmaster exited during its start; see the server log {_options.ServerLogFile}: {TailOfServerLog()}");
            }

            if (_time.GetElapsedTime(started) > StartBound)
            {
                throw new InvalidOperationException($"the postmaster did not accept connections within {StartBound.TotalSeconds:0} s on {_options.DbHost}:{_options.LocalPort}; see {_options.ServerLogFile}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }

        Log.ServerStarted(_logger, _postmaster.Pid, _signals.IsStandby ? "standby" : "primary");
    }

    private string TailOfServerLog()
    {
        try
        {
            return string.Join(" | ", File.ReadLines(_options.ServerLogFile).TakeLast(3));
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }
}
