using Failover.Lab.Drills;
using Failover.Postgres;
using Failover.Postgres.Programs;

namespace Failover.Lab.Tests.Drills;

public sealed class LabDrillSandboxPidTests
{
    [Fact]
    public async Task PostgresPid_PidFileNamingAProcessOutsideTheCopy_IsNotTheCopy()
    {
        using var root = new Testing.TemporaryDirectory();
        using var http = new HttpClient();
        await using var sandbox = new LabDrillSandbox(root.Path, PostgresPrograms.Locate(), new EnvironmentAndFileSecretResolver(), http);
        var data = Directory.CreateDirectory(sandbox.DataDirectory("op-000001-drill-ent")).FullName;

        // A pid file left by a copy that is gone, its pid reused by a live process running elsewhere (this test).
        await File.WriteAllTextAsync(Path.Combine(data, "postmaster.pid"), $"{Environment.ProcessId}\n{data}\n");

        sandbox.PostgresPid("op-000001-drill-ent").Should().BeNull("cleanup must never signal a process that does not run in the copy's data directory");
    }
}
