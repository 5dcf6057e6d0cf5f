using System.ComponentModel;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Config;

internal class EstateFileSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Estate file (YAML)")]
    public string File { get; init; } = "";

    [CommandOption("-o|--output <FORMAT>")]
    [Description("text (default) or json")]
    [DefaultValue(OutputFormat.Text)]
    public OutputFormat Output { get; init; }
}
