namespace Failover.Drills.Switchover;

/// <summary>The steps a switchover drill journals (each with its measured duration), in order.</summary>
public static class SwitchoverDrillSteps
{
    public const string Writer = "drill-start-writer";
    public const string Switchover = "drill-switchover";
    public const string ReprotectSource = "drill-reprotect-source";
    public const string Failback = "drill-failback";
    public const string ReprotectTarget = "drill-reprotect-target";
    public const string Verify = "drill-verify-commits";

    /// <summary>The switchover operation's measured RTO, in milliseconds (a fact of the switchover step).</summary>
    public const string RtoMilliseconds = "rtoMs";

    /// <summary>The engine's operation a phase ran (a fact of the switchover and failback steps).</summary>
    public const string OperationId = "operation";

    public static IReadOnlyList<string> All { get; } = [Writer, Switchover, ReprotectSource, Failback, ReprotectTarget, Verify];
}
