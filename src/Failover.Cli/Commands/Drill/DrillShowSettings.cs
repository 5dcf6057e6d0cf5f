using System.ComponentModel;
using Failover.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Drill;

internal sealed class DrillShowSettings : ApiSettings
{
    [CommandArgument(0, "<DRILL>")]
    [Description("The drill id (see failover drill history)")]
    public string Drill { get; init; } = "";

    [CommandOption("--format <FORMAT>")]
    [Description("json (default); markdown and html come with the report renderers")]
    [DefaultValue("json")]
    public string Format { get; init; } = "json";

    [CommandOption("--out <FILE>")]
    [Description("Write the report to this file instead of the terminal")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        Format is not ("json" or "markdown" or "html")
            ? ValidationResult.Error($"--format must be json, markdown or html, found '{Format}'")
            : base.Validate();
}
