using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Failover.Agent.Json;
using Failover.Core.Agents;
using Failover.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Failover.Agent.Tests;

public sealed class AgentProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AgentKilled_PostmasterDiesWithinTheTtl_AndARestartedAgentStartsFenced()
    {
        var ttl = TimeSpan.FromSeconds(10);
        await using var agent = await AgentUnderTest.CreateAsync();
        await using (var first = await StartCliAsync(agent))
        {
            (await agent.GrantAsync(1, primary: true, ttl)).EnsureSuccessStatusCode();
            (await agent.TryCommitAsync()).Should().BeNull();
            var postmaster = agent.Member.Pid!.Value;

            var killed = Stopwatch.StartNew();
            Process.GetProcessById(first.Pid).Kill(); // SIGKILL: no cleanup runs in the agent
            await PostgresInstance.WaitUntilAsync(() => Task.FromResult(!IsAlive(postmaster)), ttl, "the postmaster to die with its agent");
            var died = killed.Elapsed;
            (await agent.TryCommitAsync()).Should().NotBeNull();
            output.WriteLine($"postmaster gone {died.TotalMilliseconds:0} ms after the agent's SIGKILL (ttl {ttl.TotalSeconds:0} s)");
            died.Should().BeLessThan(ttl);
        }

        await using var second = await StartCliAsync(agent);
        var status = await agent.StatusAsync();
        status.Fenced.Should().BeTrue("the member was a primary: a restarted agent brings it back fenced");
        status.HighestEpoch.Should().Be(new Core.Epoch(1));
        (await agent.TryCommitAsync()).Should().BeOfType<PostgresException>().Which.SqlState.Should().Be("25006");
    }

    [Fact]
    public async Task AgentTerminated_StopsThePostmasterAndExits()
    {
        await using var agent = await AgentUnderTest.CreateAsync();
        await using var process = await StartCliAsync(agent);
        var postmaster = agent.Member.Pid!.Value;

        Supervision.Signals.Send(process.Pid, 15); // SIGTERM, as systemd and the kubelet stop it

        await PostgresInstance.WaitUntilAsync(() => Task.FromResult(process.HasExited), TimeSpan.FromSeconds(30), "the agent to exit on SIGTERM");
        IsAlive(postmaster).Should().BeFalse("the agent stops its postmaster before it exits");
        File.Exists(Path.Combine(agent.Member.DataDirectory, "postmaster.pid")).Should().BeFalse("a fast shutdown removes the lock file");
    }

    private static async Task<ServerProcess> StartCliAsync(AgentUnderTest agent)
    {
        var options = agent.Options;
        var arguments = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "failover.dll"), "agent",
            "--service", options.ServiceId, "--site", options.SiteId, "--data-dir", options.DataDirectory, "--state-dir", options.StateDirectory,
            "--listen", options.Listen, "--insecure-loopback", "--postgres-bin", options.PostgresBin,
            "--db-port", options.LocalPort.ToString(CultureInfo.InvariantCulture), "--password-file", options.PasswordFile!, "--server-log", options.ServerLogFile,
        };
        foreach (var (name, value) in options.PostgresOptions)
        {
            arguments.AddRange(["--postgres-option", $"{name}={value}"]);
        }

        if (options.RunAs is { } user)
        {
            arguments.AddRange(["--run-as", user]);
        }

        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "/usr/bin/dotnet";
        var process = ServerProcess.Start(dotnet, arguments, "install the .NET SDK");
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    process.ThrowIfExited("failover agent");
                    return (await agent.Http.GetAsync(new Uri("/v1/status?epoch=1", UriKind.Relative))).IsSuccessStatusCode;
                },
                TimeSpan.FromSeconds(60),
                "the agent to serve its status",
                () => process.Output);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
