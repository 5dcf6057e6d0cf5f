using System.Diagnostics;

namespace Failover.Agent.Supervision;

/// <summary>
/// The PostgreSQL server the agent runs as its child: <c>setpriv [--reuid --regid --init-groups] --pdeathsig KILL --
/// postgres -D DATA -c k=v…</c>, forked from <see cref="ForkingThread"/> so that the postmaster receives SIGKILL when the
/// agent dies. Its output is appended to the server log. Stops are by signal to its PID: SIGQUIT (immediate: every
/// session ends, nothing more commits) or SIGINT (fast), then SIGKILL when it outlives the grace.
/// </summary>
internal sealed class Postmaster(AgentOptions options, ServerUser? user, TimeProvider timeProvider) : IDisposable
{
    /// <summary>How long an immediate shutdown may take before the postmaster is killed.</summary>
    public static readonly TimeSpan ImmediateGrace = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan FastGrace = TimeSpan.FromSeconds(30);

    private readonly ForkingThread _fork = new();
    private volatile Process? _process;

    public bool IsRunning => PidOf(_process) is not null;

    public int? Pid => PidOf(_process);

    /// <summary>Forks the postmaster; returns once the process exists (not once it accepts connections).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var exited = _process;
        _process = await _fork.RunAsync(() => Process.Start(StartInfo()) ?? throw new InvalidOperationException("the postmaster could not be started"));
        exited?.Dispose();
    }

    /// <summary>SIGQUIT, SIGKILL after <see cref="ImmediateGrace"/>; returns when the postmaster is gone, with how long that took.</summary>
    public Task<TimeSpan> StopImmediateAsync() => StopAsync(Signals.Quit, ImmediateGrace);

    /// <summary>SIGINT (sessions end, a shutdown checkpoint is written), SIGKILL after 30 s.</summary>
    public Task<TimeSpan> StopFastAsync() => StopAsync(Signals.Interrupt, FastGrace);

    public void Dispose()
    {
        _process?.Dispose();
    }

    private async Task<TimeSpan> StopAsync(int signal, TimeSpan grace)
    {
        var started = timeProvider.GetTimestamp();
        if (_process is not { } process || process.HasExited)
        {
            return TimeSpan.Zero;
        }

        Signals.Send(process.Id, signal);
        using (var wait = new CancellationTokenSource(grace, timeProvider))
        {
            try
            {
                await process.WaitForExitAsync(wait.Token);
                return timeProvider.GetElapsedTime(started);
            }
            catch (OperationCanceledException)
            {
                // Outlived the grace: kill it.
            }
        }

        Signals.Send(process.Id, Signals.Kill);
        await process.WaitForExitAsync(CancellationToken.None);
        return timeProvider.GetElapsedTime(started);
    }

    /// <summary>The PID of a live process; null once it exited, also when a status read races its disposal by a restart.</summary>
    private static int? PidOf(Process? process)
    {
        try
        {
            return process is { HasExited: false } ? process.Id : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private ProcessStartInfo StartInfo()
    {
        // sh only opens the log (as the agent's user, so the log may live where the server user cannot write) and execs.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = "/" };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$FAILOVER_AGENT_SERVER_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("setpriv");
        if (user is not null)
        {
            start.ArgumentList.Add("--reuid");
            start.ArgumentList.Add(user.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--regid");
            start.ArgumentList.Add(user.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--init-groups");
        }

        start.ArgumentList.Add("--pdeathsig");
        start.ArgumentList.Add("KILL");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(Path.Combine(options.PostgresBin, "postgres"));
        start.ArgumentList.Add("-D");
        start.ArgumentList.Add(options.DataDirectory);
        foreach (var (name, value) in options.PostgresOptions)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"{name}={value}");
        }

        start.Environment["FAILOVER_AGENT_SERVER_LOG"] = options.ServerLogFile;
        if (user is not null)
        {
            start.Environment["HOME"] = "/";
            start.Environment["USER"] = user.Name;
        }

        return start;
    }
}
