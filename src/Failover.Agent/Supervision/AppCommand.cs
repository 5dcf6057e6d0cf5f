using System.Diagnostics;

namespace Failover.Agent.Supervision;

/// <summary>
/// Runs one of the site's application commands (<c>--app-stop-command</c> at every fence, <c>--app-start-command</c>
/// when a lease lifts the fence) through <c>/bin/sh -c</c>, bounded by its timeout (its process tree is killed then),
/// with <c>FAILOVER_SERVICE</c>, <c>FAILOVER_SITE</c>, <c>FAILOVER_EPOCH</c> (the highest epoch the agent has seen, or
/// empty) and <c>FAILOVER_REASON</c> in its environment (for the stop command also <c>FAILOVER_FENCE_REASON</c>).
/// </summary>
/// <param name="verb">"stop" or "start", for the journal's words.</param>
internal sealed class AppCommand(string verb, string? command, TimeSpan timeout, string serviceId, string siteId)
{
    /// <summary>What happened, in words for the fence journal.</summary>
    public async Task<string> RunAsync(Failover.Core.Epoch? epoch, string reason)
    {
        if (command is null)
        {
            return $"no application {verb} command";
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
                ["FAILOVER_REASON"] = reason,
                ["FAILOVER_FENCE_REASON"] = verb == "stop" ? reason : "",
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
            return $"application {verb} command timed out after {timeout.TotalSeconds:0.###} s and was killed";
        }

        var error = (await stderr).Trim();
        return process.ExitCode == 0
            ? $"application {verb} command succeeded"
            : $"application {verb} command failed with exit code {process.ExitCode}" + (error.Length > 0 ? $": {error.Split('\n')[^1]}" : "");
    }
}
