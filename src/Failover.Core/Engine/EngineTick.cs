using Failover.Core.Decisions;
using Failover.Core.Health;

namespace Failover.Core.Engine;

/// <summary>What the engine is given on each tick: the quorum verdicts and the freeze windows in force.</summary>
public sealed record EngineTick(IReadOnlyList<SiteVerdict> Verdicts, IReadOnlyList<FreezeWindow> Freezes);
