using System.Diagnostics;
using System.Globalization;

namespace Failover.Benchmarks.Health;

/// <summary>CPU time of a process: our own from <see cref="Process.TotalProcessorTime"/>, others' from /proc/PID/stat.</summary>
internal static class ProcessCpu
{
    private const double ClockTicksPerSecond = 100; // getconf CLK_TCK on Linux

    public static TimeSpan Own()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>utime + stime of <paramref name="pid"/>, from /proc/PID/stat (fields 14 and 15).</summary>
    public static TimeSpan Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / ClockTicksPerSecond);
    }

    /// <summary>Resident memory of <paramref name="pid"/> in MiB, from /proc/PID/status.</summary>
    public static double RssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return 0;
    }
}
