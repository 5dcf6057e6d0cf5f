namespace Failover.Cli.Commands.Config;

public enum OutputFormat
{
    Text,
    Json,
}
