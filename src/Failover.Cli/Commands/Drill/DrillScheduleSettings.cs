using System.ComponentModel;
using System.Globalization;
using Failover.Cli.Commands.Config;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Drill;

internal sealed class DrillScheduleSettings : CommandSettings
{
    [CommandOption("-c|--config <FILE>")]
    [Description("Estate file (YAML) with the drill schedules")]
    public string ConfigFile { get; init; } = "";

    [CommandOption("-n|--count <N>")]
    [Description("How many firing times to show per schedule (default 5, at most 100)")]
    [DefaultValue(5)]
    public int Count { get; init; } = 5;

    [CommandOption("-s|--service <ID>")]
    [Description("Only this service's schedules")]
    public string? Service { get; init; }

    [CommandOption("--from <INSTANT>")]
    [Description("Compute from this instant instead of now, e.g. 2027-06-01T00:00:00+02:00")]
    public string? From { get; init; }

    [CommandOption("-o|--output <FORMAT>")]
    [Description("text (default) or json")]
    [DefaultValue(OutputFormat.Text)]
    public OutputFormat Output { get; init; }

    public override ValidationResult Validate() =>
        ConfigFile.Length == 0 ? ValidationResult.Error("--config FILE is required")
        : Count is < 1 or > 100 ? ValidationResult.Error($"--count must be from 1 to 100, found {Count}")
        : From is not null && !TryParseFrom(From, out _) ? ValidationResult.Error($"--from: expected an ISO-8601 instant such as 2027-06-01T00:00:00+02:00, found '{From}'")
        : ValidationResult.Success();

    public static bool TryParseFrom(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
}
