using System.Diagnostics;

namespace Failover.Lab.Network;

/// <summary>Runs iproute2's <c>ip</c> (as root): a failure throws with the command and what <c>ip</c> said.</summary>
public static class IpCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (exit, error) = await TryAsync(arguments, cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"`ip {string.Join(' ', arguments)}` failed (exit {exit}): {error.Trim()}");
        }
    }

    /// <summary>Runs <c>ip</c>; the exit code (-1 when it cannot be started) and its standard error.</summary>
    public static async Task<(int Exit, string Error)> TryAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"ip is not installed ({e.Message}): apt-get install iproute2");
        }

        using (process)
        {
            if (process is null)
            {
                return (-1, "ip could not be started");
            }

            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"no answer within {Timeout.TotalSeconds:0} s");
            }

            await output;
            return (process.ExitCode, await error);
        }
    }
}
