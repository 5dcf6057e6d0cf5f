using Failover.Core;

namespace Failover.Agent;

/// <summary>A call carried an epoch lower than the highest the agent has seen; nothing was changed.</summary>
public sealed class StaleEpochException : Exception
{
    public StaleEpochException()
    {
    }

    public StaleEpochException(string message)
        : base(message)
    {
    }

    public StaleEpochException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StaleEpochException(Epoch given, Epoch highest)
        : base($"epoch {given} is lower than the highest this agent has seen ({highest})")
    {
        Given = given;
        Highest = highest;
    }

    public Epoch Given { get; }

    public Epoch Highest { get; }
}
