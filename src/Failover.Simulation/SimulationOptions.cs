namespace Failover.Simulation;

/// <summary>How each seed is run; defaults sized so 2,000 seeds take well under a minute on two cores.</summary>
public sealed class SimulationOptions
{
    /// <summary>Simulated seconds of faults.</summary>
    public int ChaosTicks { get; set; } = 180;

    /// <summary>Simulated seconds allowed for the estate to converge once faults heal.</summary>
    public int HealTicks { get; set; } = 400;

    public int Services { get; set; } = 4;

    /// <summary>Seeds run in parallel; each seed is single-threaded and deterministic.</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Fault intensity multiplier (1 = default rates).</summary>
    public double Intensity { get; set; } = 1.0;

    /// <summary>Keep each seed's event trace (always on when a seed is replayed after a failure).</summary>
    public bool Trace { get; set; }

    /// <summary>A planted defect, for the invariants' own test: the simulated site agents never let a lease run out.</summary>
    public bool PlantLeaseThatNeverExpires { get; set; }
}
