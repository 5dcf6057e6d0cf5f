namespace Failover.Drills.Sandbox;

/// <summary>What a sandbox call did. A failure is a result with a reason, never an exception.</summary>
/// <param name="Facts">Measurements to journal with the step (e.g. the copy's port), as <c>key=value</c> facts.</param>
public sealed record SandboxOutcome(bool Succeeded, bool AlreadyDone, string Detail, IReadOnlyDictionary<string, string>? Facts = null)
{
    public static SandboxOutcome Done(string detail, IReadOnlyDictionary<string, string>? facts = null) => new(true, false, detail, facts);

    public static SandboxOutcome Already(string detail) => new(true, true, detail);

    public static SandboxOutcome Failed(string detail) => new(false, false, detail);
}
