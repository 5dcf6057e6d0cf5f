using System.Globalization;

namespace Failover.Agent.Supervision;

/// <summary>
/// The lock files a killed postmaster leaves: <c>postmaster.pid</c> and the unix socket's <c>.s.PGSQL.PORT.lock</c>.
/// A postmaster whose agent was SIGKILLed is re-parented, and where nothing reaps it (a container without an init) it
/// stays a zombie whose PID PostgreSQL takes for a live server; a lock whose process is gone or a zombie is removed.
/// A lock held by a live process is another server on this data directory: the agent refuses to start a second one.
/// </summary>
internal static class StaleLockFiles
{
    /// <exception cref="InvalidOperationException">A live process holds the data directory's lock.</exception>
    public static void Remove(AgentOptions options)
    {
        var pidFile = Path.Combine(options.DataDirectory, "postmaster.pid");
        if (HolderOf(pidFile) is { } pid)
        {
            if (IsAlive(pid))
            {
                throw new InvalidOperationException(
                    $"--data-dir: another PostgreSQL server (pid {pid}) runs on '{options.DataDirectory}'; stop it: the agent must be the one that runs the member");
            }

            File.Delete(pidFile);
        }

        var socketDirectories = options.PostgresOptions.TryGetValue("unix_socket_directories", out var list) ? list : "/var/run/postgresql";
        foreach (var directory in socketDirectories.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var socket = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".s.PGSQL.{options.LocalPort}"));
            if (HolderOf(socket + ".lock") is { } holder && !IsAlive(holder))
            {
                File.Delete(socket + ".lock");
                File.Delete(socket);
            }
        }
    }

    private static int? HolderOf(string lockFile)
    {
        try
        {
            var first = File.Exists(lockFile) ? File.ReadLines(lockFile).FirstOrDefault() : null;
            return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
