using System.Diagnostics;

namespace Failover.Drills.Tests.Reports;

/// <summary>Debian's headless <c>chromium</c>, taking a screenshot of a local page; killed by PID if it hangs.</summary>
internal static class Chromium
{
    public const string InstallHint = "chromium is not installed: apt-get install -y --no-install-recommends chromium";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static string Binary =>
        Candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(InstallHint);

    public static async Task<byte[]> ScreenshotAsync(string htmlFile, string workDirectory, int width, int height)
    {
        var png = Path.Combine(workDirectory, "screenshot.png");
        var info = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                     $"--user-data-dir={Path.Combine(workDirectory, "profile")}", $"--screenshot={png}", $"--window-size={width},{height}",
                     new Uri(htmlFile).AbsoluteUri,
                 })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = workDirectory;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish its screenshot within 90 s");
        }

        if (!File.Exists(png))
        {
            throw new InvalidOperationException($"chromium exited {process.ExitCode} without a screenshot: {await stderr}{await stdout}");
        }

        return await File.ReadAllBytesAsync(png);
    }
}
