using System.Diagnostics;
using System.Globalization;

namespace Failover.Lab.Processes;

/// <summary>
/// The lab's long-running processes (site applications, the lab host), started detached in their own session so
/// they outlive the command that started them, each known by a pid file under the lab directory.
/// </summary>
public sealed class LabProcesses(LabLayout layout)
{
    public int Start(string name, string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(layout.PidDirectory);
        Directory.CreateDirectory(layout.LogDirectory);
        if (PidOf(name) is { } running)
        {
            throw new InvalidOperationException($"lab process '{name}' already runs (pid {running})");
        }

        // setsid gives the process its own session, so ending this command or closing the terminal does not end it.
        // A child of this process is no group leader, so setsid execs in place: the pid we get is the program's.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >> \"$0\" 2>&1 </dev/null");
        start.ArgumentList.Add(layout.LogFile(name));
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        File.WriteAllText(layout.PidFile(name), process.Id.ToString(CultureInfo.InvariantCulture));
        return process.Id;
    }

    public int? PidOf(string name)
    {
        var file = layout.PidFile(name);
        if (!File.Exists(file))
        {
            return null;
        }

        return int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && ProcessTree.IsAlive(pid)
            ? pid
            : null;
    }

    public async Task<bool> KillAsync(string name, CancellationToken cancellationToken = default)
    {
        if (PidOf(name) is not { } pid)
        {
            return false;
        }

        await ProcessTree.KillAsync(pid, TimeSpan.FromSeconds(10), cancellationToken);
        File.Delete(layout.PidFile(name));
        return true;
    }
}
