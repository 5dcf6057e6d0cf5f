namespace Failover.Cli;

/// <summary>The exit codes of <c>failover</c>, documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int Unreadable = 2;
    public const int Usage = 64;
}
