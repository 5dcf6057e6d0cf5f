using System.Diagnostics;

namespace Failover.Kubernetes.Tests.Manifests;

/// <summary>Runs the kubectl on PATH against a kubeconfig; returns its exit code and output (can-i answers "no" with exit 1).</summary>
internal static class Kubectl
{
    private const string InstallHint = "install kubectl (e.g. apt-get install kubectl from the Kubernetes apt repository) so that it is on PATH";

    public static string Path { get; } = Find();

    public static async Task<(int ExitCode, string Output)> TryRunAsync(string kubeconfig, params string[] arguments)
    {
        var info = new ProcessStartInfo(Path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public static async Task<string> RunAsync(string kubeconfig, params string[] arguments)
    {
        var (exit, output) = await TryRunAsync(kubeconfig, arguments);
        return exit == 0 ? output : throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} exited {exit}: {output}");
    }

    private static string Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("kubectl is not on PATH; these tests apply the manifests with it: " + InstallHint);
    }
}
