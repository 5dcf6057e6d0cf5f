using Failover.Core.Leadership;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace Failover.Kubernetes.Leadership;

/// <summary>
/// Leadership held on a Lease with KubernetesClient's <see cref="LeaderElector"/>: one term per acquisition, whose
/// <see cref="LeadershipState.Lost"/> token is cancelled the moment the elector stops leading (renewal failed within
/// the renew deadline) or the campaign stops. Leases only bound time; the journal's term (see
/// <see cref="ILeaderJournal"/>) is what refuses a deposed leader's writes.
/// </summary>
internal sealed partial class LeaseLeadership(IKubernetes client, LeaseLeadershipOptions options, ILogger logger) : ILeadership, IDisposable
{
    private readonly Lock _gate = new();
    private LeadershipState _state = LeadershipState.Follower(null);
    private CancellationTokenSource? _term;
    private long _terms;

    public string Identity => options.Identity;

    public LeadershipState Current
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _term?.Dispose();
            _term = null;
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var config = new LeaderElectionConfig(new LeaseLock(client, options.Namespace, options.Name, options.Identity))
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += StartedLeading;
        elector.OnStoppedLeading += StoppedLeading;
        elector.OnNewLeader += NewLeader;
        elector.OnError += e => Log.ElectionError(logger, options.Namespace, options.Name, e);
        Log.Campaigning(logger, options.Identity, options.Namespace, options.Name);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            StoppedLeading();
        }
    }

    private void StartedLeading()
    {
        lock (_gate)
        {
            _term?.Cancel();
            _term?.Dispose();
            _term = new CancellationTokenSource();
            _state = new LeadershipState(true, options.Identity, ++_terms, _term.Token);
        }

        Log.Leading(logger, options.Identity, _terms);
    }

    private void StoppedLeading()
    {
        bool was;
        lock (_gate)
        {
            was = _state.IsLeader;
            _term?.Cancel();
            _term?.Dispose();
            _term = null;
            _state = LeadershipState.Follower(was ? null : _state.Leader);
        }

        if (was)
        {
            Log.StoppedLeading(logger, options.Identity);
        }
    }

    private void NewLeader(string leader)
    {
        lock (_gate)
        {
            if (!_state.IsLeader)
            {
                _state = LeadershipState.Follower(leader);
            }
        }

        Log.NewLeader(logger, leader, options.Identity);
    }

    private static partial class Log
    {
        [LoggerMessage(8201, LogLevel.Information, "{Identity} campaigns for leadership on Lease {Namespace}/{Name}")]
        public static partial void Campaigning(ILogger logger, string identity, string @namespace, string name);

        [LoggerMessage(8202, LogLevel.Warning, "{Identity} leads (term {Term}): it acts from now on")]
        public static partial void Leading(ILogger logger, string identity, long term);

        [LoggerMessage(8203, LogLevel.Warning, "{Identity} stopped leading: it stops acting at once")]
        public static partial void StoppedLeading(ILogger logger, string identity);

        [LoggerMessage(8204, LogLevel.Information, "Leader is {Leader} (seen by {Identity})")]
        public static partial void NewLeader(ILogger logger, string leader, string identity);

        [LoggerMessage(8205, LogLevel.Warning, "Leader election on Lease {Namespace}/{Name} failed a round; retrying")]
        public static partial void ElectionError(ILogger logger, string @namespace, string name, Exception exception);
    }
}
