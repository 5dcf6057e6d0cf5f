using System.ComponentModel;
using System.Globalization;
using Failover.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Simulate;

internal sealed class SimulateSettings : CommandSettings
{
    [CommandOption("--seeds <N>")]
    [Description("How many seeded disasters to run")]
    [DefaultValue(2000)]
    public int Seeds { get; init; } = 2000;

    [CommandOption("--first <SEED>")]
    [Description("The first seed")]
    [DefaultValue(1)]
    public int First { get; init; } = 1;

    [CommandOption("--seed <SEED>")]
    [Description("Replay one seed with its full trace (what a failure prints)")]
    public int? Seed { get; init; }

    [CommandOption("--intensity <X>")]
    [Description("Fault rate multiplier (1 = default)")]
    [DefaultValue(1.0)]
    public double Intensity { get; init; } = 1.0;

    public override ValidationResult Validate() =>
        Seeds < 1 ? ValidationResult.Error($"--seeds must be at least 1, found {Seeds}")
        : Intensity <= 0 ? ValidationResult.Error($"--intensity must be positive, found {Intensity}")
        : ValidationResult.Success();
}

/// <summary><c>failover simulate</c>: the real engine against seeded simulated disasters, invariants checked after every event.</summary>
internal sealed class SimulateCommand(IAnsiConsole console) : Command<SimulateSettings>
{
    public override int Execute(CommandContext context, SimulateSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Seed is { } seed)
        {
            var one = Simulator.RunSeed(seed, new SimulationOptions { Intensity = settings.Intensity, Trace = true });
            console.WriteRaw(string.Join("\n", one.Trace));
            console.MarkupLineInterpolated($"seed {seed}: {(one.Passed ? "[green]passed[/]" : $"[red]failed[/]: {one.Violation}")}");
            return one.Passed ? ExitCodes.Ok : ExitCodes.OperationFailed;
        }

        var summary = Simulator.Run(settings.Seeds, new SimulationOptions { Intensity = settings.Intensity }, settings.First, cancellationToken);
        foreach (var failure in summary.Failures.Take(20))
        {
            console.MarkupLineInterpolated($"[red]seed {failure.Seed} failed:[/] {failure.Violation}\n  replay: {failure.ReplayHint}");
        }

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Seeds} seeds, {summary.Failures.Count} failed: {summary.Failovers} failovers, {summary.Crashes} control-plane crashes, {summary.Elapsed.TotalSeconds:0.0} s ({summary.SeedsPerSecond:0} seeds/s)"));
        return summary.AllPassed ? ExitCodes.Ok : ExitCodes.OperationFailed;
    }
}
