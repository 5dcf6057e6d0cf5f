using System.Diagnostics;
using System.Text;

namespace Failover.Lab.Tests;

/// <summary>
/// A shell as an operator has it: `failover` on the PATH (this build), a lab directory of its own in
/// <c>$FAILOVER_LAB_DIR</c>, no API settings inherited. Scripts run with bash in the lab's parent directory; the lab is
/// brought down and the directory removed on dispose, whatever the script did.
/// </summary>
internal sealed class LabShell : IAsyncDisposable
{
    private readonly Testing.TemporaryDirectory _directory = new();
    private readonly string _bin;
    private readonly LabController _lab;

    public LabShell()
    {
        LabDirectory = _directory.PathOf("lab");
        _bin = Directory.CreateDirectory(_directory.PathOf("bin")).FullName;
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var cli = Path.Combine(AppContext.BaseDirectory, "failover.dll");
        var failover = Path.Combine(_bin, "failover");
        File.WriteAllText(failover, $"#!/bin/sh\nexec '{dotnet}' '{cli}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(failover, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            // As root the lab runs PostgreSQL as the postgres user, who must be able to reach the lab's directory.
            File.SetUnixFileMode(_directory.Path, File.GetUnixFileMode(_directory.Path) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        _lab = new LabController(new LabLayout(LabDirectory), new SelfCommand(dotnet, [cli]));
    }

    public string LabDirectory { get; }

    /// <summary>Where scripts run (files they write with a relative path land here).</summary>
    public string WorkingDirectory => _directory.Path;

    /// <summary>Runs the script; on timeout the script's process tree is killed and the exit code is -1.</summary>
    public async Task<(int Exit, string Output)> RunAsync(string script, TimeSpan bound)
    {
        var info = new ProcessStartInfo("/bin/bash") { WorkingDirectory = WorkingDirectory, UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}";
        info.Environment["FAILOVER_LAB_DIR"] = LabDirectory;
        info.Environment.Remove("FAILOVER_API");
        info.Environment.Remove("FAILOVER_TOKEN");
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append(output, $"(killed: the script did not finish within {bound})");
            return (-1, Read(output));
        }

        await process.WaitForExitAsync(CancellationToken.None);
        return (process.ExitCode, Read(output));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _lab.DownAsync(CancellationToken.None);
        }
        finally
        {
            _directory.Dispose();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
