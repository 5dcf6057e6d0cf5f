using Failover.Core.Replication;

namespace Failover.Drills.Sandbox;

/// <summary>One drill as the sandbox sees it: whose standby to copy, and how long one call may take.</summary>
/// <param name="DrillId">The drill operation's id; the sandbox keys everything it creates by it.</param>
/// <param name="Standby">The standby to copy (never written to, never promoted).</param>
public sealed record DrillScope(string DrillId, string ServiceId, DatabaseMember Standby, TimeSpan Timeout);

/// <summary>What a sandbox call did. A failure is a result with a reason, never an exception.</summary>
/// <param name="Facts">Measurements to journal with the step (e.g. the copy's port), as <c>key=value</c> facts.</param>
public sealed record SandboxOutcome(bool Succeeded, bool AlreadyDone, string Detail, IReadOnlyDictionary<string, string>? Facts = null)
{
    public static SandboxOutcome Done(string detail, IReadOnlyDictionary<string, string>? facts = null) => new(true, false, detail, facts);

    public static SandboxOutcome Already(string detail) => new(true, true, detail);

    public static SandboxOutcome Failed(string detail) => new(false, false, detail);
}
