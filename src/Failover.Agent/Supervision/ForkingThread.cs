using System.Collections.Concurrent;

namespace Failover.Agent.Supervision;

/// <summary>
/// One long-lived thread that forks the postmaster. Linux delivers the parent-death signal (<c>setpriv --pdeathsig</c>)
/// when the <em>thread</em> that forked the child exits, so a thread-pool thread retired by the runtime would kill a
/// healthy postmaster; this thread lives as long as the agent, and its death is the agent's.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The queue lives as long as the process: disposing it would end the thread, and with it the postmaster")]
internal sealed class ForkingThread
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public ForkingThread()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "postmaster-fork" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="fork"/> on the forking thread and returns its result.</summary>
    public Task<T> RunAsync<T>(Func<T> fork)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(fork());
            }
#pragma warning disable CA1031 // the caller receives every failure of the fork through the task
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private void Run()
    {
        // Never completes: the thread must outlive every postmaster it forked (a background thread, it ends with the process).
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }
}
