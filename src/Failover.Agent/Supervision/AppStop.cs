using System.Diagnostics;

namespace Failover.Agent.Supervision;

/// <summary>
/// Runs <c>--app-stop-command</c> through <c>/bin/sh -c</c>, bounded by <c>--app-stop-timeout</c> (its process tree is
/// killed then), with <c>FAILOVER_SERVICE</c>, <c>FAILOVER_SITE</c>, <c>FAILOVER_EPOCH</c> (the highest epoch the agent
/// has seen, or empty) and <c>FAILOVER_FENCE_REASON</c> in its environment.
/// </summary>
internal sealed class AppStop(string? command, TimeSpan timeout, string serviceId, string siteId)
{
    /// <summary>What happened, in words for the fence journal.</summary>
    public async Task<string> RunAsync(Failover.Core.Epoch? epoch, string reason)
    {
        if (command is null)
        {
            return "no application stop command";
        }

        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
            Environment =
            {
                ["FAILOVER_SERVICE"] = serviceId,
                ["FAILOVER_SITE"] = siteId,
                ["FAILOVER_EPOCH"] = epoch?.ToString() ?? "",
                ["FAILOVER_FENCE_REASON"] = reason,
            },
        }) ?? throw new InvalidOperationException("cannot run /bin/sh");
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return $"application stop command timed out after {timeout.TotalSeconds:0.###} s and was killed";
        }

        var error = (await stderr).Trim();
        return process.ExitCode == 0
            ? "application stop command succeeded"
            : $"application stop command failed with exit code {process.ExitCode}" + (error.Length > 0 ? $": {error.Split('\n')[^1]}" : "");
    }
}
