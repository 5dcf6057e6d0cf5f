using System.ComponentModel;
using Failover.Cli.Commands.Config;
using Failover.Lab;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Lab;

internal class LabSettings : CommandSettings
{
    [CommandOption("--dir <DIR>")]
    [Description("The lab's directory (default: $FAILOVER_LAB_DIR, else ~/.failover/lab; /var/tmp/failover-lab as root)")]
    public string? Directory { get; init; }

    [CommandOption("-o|--output <FORMAT>")]
    [Description("text (default) or json")]
    [DefaultValue(OutputFormat.Text)]
    public OutputFormat Output { get; init; }

    public LabLayout Layout => new(Path.GetFullPath(Directory ?? LabLayout.DefaultDirectory));
}
