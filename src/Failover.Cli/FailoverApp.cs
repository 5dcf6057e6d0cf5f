using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli;

/// <summary>The <c>failover</c> command line; later issues add their branches here.</summary>
public static class FailoverApp
{
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("failover");
            if (console is not null)
            {
                config.ConfigureConsole(console);
            }
        });
        return app.Run(args);
    }
}
