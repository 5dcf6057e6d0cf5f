using System.Globalization;
using Failover.Postgres.Programs;

namespace Failover.Postgres.Rejoin;

/// <summary>Stops and starts the member's server with pg_ctl, as a host without a supervising agent does.</summary>
public sealed class PgCtlServerControl(PostgresPrograms programs) : IRejoinServerControl
{
    public async Task StopAsync(RejoinRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pidFile = Path.Combine(request.DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var first = (await File.ReadAllLinesAsync(pidFile, cancellationToken)).FirstOrDefault();
        if (!int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) || !IsAlive(pid))
        {
            // Left by a killed server (the process is gone or a zombie): the lock file would make PostgreSQL think it still runs.
            File.Delete(pidFile);
            return;
        }

        var stop = await programs.RunAsync("pg_ctl", ["stop", "-w", "-m", "fast", "-D", request.DataDirectory], request.Timeout, cancellationToken);
        if (!stop.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl stop failed: {stop.Summary}");
        }
    }

    public async Task<RejoinStart> StartAsync(RejoinRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = new List<string> { "start", "-w", "-t", "60", "-D", request.DataDirectory };
        if (request.LogFile is { } log)
        {
            arguments.AddRange(["-l", log]);
        }

        if (request.ServerOptions is { } options)
        {
            arguments.AddRange(["-o", options]);
        }

        var start = await programs.RunAsync("pg_ctl", arguments, request.Timeout, cancellationToken);
        return new RejoinStart(start.Succeeded, start.Summary);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
