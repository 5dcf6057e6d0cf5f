namespace Failover.Core.Traffic;

/// <summary>
/// A router could not report where traffic points (unreachable API, rejected credentials…). The message names the
/// router and the problem, never a secret value. <see cref="ITrafficRouter.SwitchAsync"/> reports the same problems as
/// a failed <see cref="SwitchResult"/> instead.
/// </summary>
public sealed class TrafficReadException : Exception
{
    public TrafficReadException()
    {
    }

    public TrafficReadException(string message)
        : base(message)
    {
    }

    public TrafficReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
