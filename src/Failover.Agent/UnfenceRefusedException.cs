namespace Failover.Agent;

/// <summary>A primary grant would unfence a member fenced under an earlier epoch; nothing was changed.</summary>
public sealed class UnfenceRefusedException : Exception
{
    public UnfenceRefusedException()
    {
    }

    public UnfenceRefusedException(string message)
        : base(message)
    {
    }

    public UnfenceRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
