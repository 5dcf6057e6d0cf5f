namespace Failover.Cli;

/// <summary>The exit codes of <c>failover</c>, documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int Unreadable = 2;
    public const int OperationFailed = 3;
    public const int AwaitingApproval = 4;
    public const int Unreachable = 5;
    public const int NotConfirmed = 6;
    public const int TimedOut = 7;
    public const int Usage = 64;
}
