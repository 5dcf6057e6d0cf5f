using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Leadership;

namespace Failover.ControlPlane.Runtime;

/// <summary>
/// What a control plane drives, chosen by its host: `failover serve` wires the real adapters from the estate, the lab
/// wires its own sites. The control plane itself holds no knowledge of which systems sit behind the seams.
/// </summary>
/// <param name="Leadership">Who may act; null: decided by <see cref="Hosting.ControlPlaneOptions.Acts"/> (always or never).</param>
public sealed record ControlPlaneComponents(EngineSeams Seams, IJournalStore Journal, IReadOnlyList<IProbe> Probes, IObserverViewExchange Views, ILeadership? Leadership = null);
