using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Failover.ControlPlane.Hosting;

/// <summary>Serilog as the only sink: readable lines in a terminal, compact JSON for collectors.</summary>
public static class ControlPlaneLogging
{
    public static Serilog.ILogger Create(bool json)
    {
        var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
            .Enrich.FromLogContext();
        return json
            ? log.WriteTo.Console(new RenderedCompactJsonFormatter()).CreateLogger()
            : log.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}").CreateLogger();
    }
}
