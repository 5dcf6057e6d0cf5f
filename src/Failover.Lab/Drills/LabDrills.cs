using Failover.ControlPlane.Runtime;
using Failover.Core.Secrets;
using Failover.Drills;
using Failover.Postgres.Programs;
using Microsoft.Extensions.Logging;

namespace Failover.Lab.Drills;

/// <summary>Gives the lab's control plane drills: the drill plan extension over the lab's sandbox under <c>{lab}/drills</c> (isolated
/// drills), with the writer switchover drills run through the edge.</summary>
public static class LabDrills
{
    public static LabDrillSandbox Sandbox(LabLayout layout, ISecretResolver secrets, HttpClient http, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(loggers);
        return new LabDrillSandbox(Path.Combine(layout.Directory, "drills"), PostgresPrograms.Locate(), secrets, http, loggers.CreateLogger("Failover.Lab.Drills"))
        {
            Writer = LabDrillWriter.For(layout, http),
        };
    }

    public static ControlPlaneComponents With(ControlPlaneComponents components, LabDrillSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(components);
        return components with { Seams = components.Seams with { Extensions = [.. components.Seams.Extensions, new DrillPlanExtension(sandbox) { Writer = sandbox.Writer }] } };
    }
}
