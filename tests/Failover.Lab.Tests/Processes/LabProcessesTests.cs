using Failover.Lab.Processes;

namespace Failover.Lab.Tests.Processes;

public sealed class LabProcessesTests : IAsyncLifetime
{
    private readonly LabLayout _layout = new(Directory.CreateTempSubdirectory("failover-lab-").FullName);
    private LabProcesses _processes = null!;

    public Task InitializeAsync()
    {
        _processes = new LabProcesses(_layout);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Start_DetachedProcess_IsKnownByPidFileAndKilledWithItsChildren()
    {
        var pid = _processes.Start("sleeper", "sh", ["-c", "sleep 300 & sleep 300; wait"]);

        _processes.PidOf("sleeper").Should().Be(pid);
        var children = await EventuallyAsync(() => ProcessTree.Descendants(pid), c => c.Count >= 2);

        (await _processes.KillAsync("sleeper")).Should().BeTrue();

        ProcessTree.IsAlive(pid).Should().BeFalse();
        children.Should().OnlyContain(c => !ProcessTree.IsAlive(c), "kill -9 takes the whole tree, as a burned site would");
        _processes.PidOf("sleeper").Should().BeNull();
        (await _processes.KillAsync("sleeper")).Should().BeFalse("killing what is not running is a no-op");
    }

    [Fact]
    public void Start_Twice_IsRefusedNamingTheRunningPid()
    {
        var pid = _processes.Start("sleeper", "sleep", ["300"]);

        var again = () => _processes.Start("sleeper", "sleep", ["300"]);

        again.Should().Throw<InvalidOperationException>().WithMessage($"lab process 'sleeper' already runs (pid {pid})");
    }

    public async Task DisposeAsync()
    {
        await _processes.KillAsync("sleeper");
        Directory.Delete(_layout.Directory, recursive: true);
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(10, timeout.Token);
        }
    }
}
