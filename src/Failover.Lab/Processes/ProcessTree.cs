using System.Diagnostics;
using System.Globalization;

namespace Failover.Lab.Processes;

/// <summary>Linux process facts read from /proc, and <c>kill -9</c> of a process with its descendants.</summary>
public static class ProcessTree
{
    public static bool IsAlive(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[candidate] = int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                result.Add(child);
                frontier.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>SIGKILL to the process and every descendant, as a power cut would; waits (bounded) until they are gone.</summary>
    public static async Task KillAsync(int pid, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var all = Descendants(pid).Prepend(pid).ToList();
        foreach (var p in all)
        {
            try
            {
                using var process = Process.GetProcessById(p);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }

        var clock = Stopwatch.StartNew();
        while (all.Any(IsAlive) && clock.Elapsed < wait)
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
