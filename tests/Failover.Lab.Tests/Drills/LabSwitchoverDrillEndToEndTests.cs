using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Failover.Lab.Tests.Drills;

/// <summary>
/// The whole lab (`failover lab up`: three sites, demo applications, edge, control plane) and the operator's command:
/// `failover drill run ent-grand-est --kind switchover` inside the lab's always-open window, with the lab's writer
/// creating homework through the edge. The lab uses its fixed ports, so this runs one at a time with the other lab tests.
/// </summary>
[Collection(LabPorts.Name)]
public sealed class LabSwitchoverDrillEndToEndTests(ITestOutputHelper transcript)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task DrillRun_Switchover_PassesThroughTheCliAndTheServiceEndsOnItsPrimary()
    {
        using var directory = new Testing.TemporaryDirectory();
        var labDirectory = directory.PathOf("lab");
        var bin = Directory.CreateDirectory(directory.PathOf("bin")).FullName;
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var failover = Path.Combine(bin, "failover");
        await File.WriteAllTextAsync(failover, $"#!/bin/sh\nexec '{dotnet}' '{Path.Combine(AppContext.BaseDirectory, "failover.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(failover, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(directory.Path, File.GetUnixFileMode(directory.Path) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        const string Script = """
            set -euo pipefail
            failover lab up --detach
            eval "$(failover lab env)"
            failover drill run ent-grand-est --kind switchover --reason "e2e drill"
            id=$(failover drill history --output json | grep -o '"drillId":"drill-[^"]*' | head -1 | cut -d'"' -f4)
            failover drill show "$id" --format html --out report.html
            grep -c 'drill-verify-commits' report.html
            failover status
            """;
        var lab = new Lab(new LabLayout(labDirectory), new SelfCommand(dotnet, [Path.Combine(AppContext.BaseDirectory, "failover.dll")]));
        try
        {
            var (exit, output) = await RunAsync(Script, bin, labDirectory);
            transcript.WriteLine(output);

            exit.Should().Be(0, output);
            output.Should().Contain("PASSED").And.Contain("drill-failback").And.Contain("drill-verify-commits");
            File.ReadAllText(Path.Combine(directory.Path, "report.html")).Should().Contain("<html");
        }
        finally
        {
            await lab.DownAsync(CancellationToken.None);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string script, string bin, string labDirectory)
    {
        var info = new ProcessStartInfo("/bin/bash") { WorkingDirectory = Path.GetDirectoryName(labDirectory)!, UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        info.Environment["FAILOVER_LAB_DIR"] = labDirectory;
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
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append(output, $"(killed: the drill did not finish within {Bound})");
            return (-1, Read(output));
        }

        await process.WaitForExitAsync(CancellationToken.None);
        return (process.ExitCode, Read(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
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
