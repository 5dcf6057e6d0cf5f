using System.ComponentModel;
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
