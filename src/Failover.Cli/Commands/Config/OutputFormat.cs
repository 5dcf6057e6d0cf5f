using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Config;

public enum OutputFormat
{
    Text,
    Json,
}
