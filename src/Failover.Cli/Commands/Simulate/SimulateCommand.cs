using System.Globalization;
using Failover.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Simulate;

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
