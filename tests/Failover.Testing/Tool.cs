using System.Diagnostics;

namespace Failover.Testing;

/// <summary>Runs a command-line tool to completion (pdnsutil, tsig-keygen) and fails with its output.</summary>
public static class Tool
{
    public static void RequireInstalled(string fileName, string installHint)
    {
        if (!File.Exists(fileName))
        {
            throw new InvalidOperationException($"{fileName} is missing; this test starts the real server: {installHint}");
        }
    }

    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string installHint, CancellationToken cancellationToken = default)
    {
        RequireInstalled(fileName, installHint);
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await stdout;
    }
}
