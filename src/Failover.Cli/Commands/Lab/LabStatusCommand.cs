using System.Text.Json;
using Failover.Cli.Commands.Config;
using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabStatusCommand(IAnsiConsole console) : LabCommand<LabSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSettings settings, CancellationToken cancellationToken)
    {
        var up = lab.IsUp;
        JsonElement? status = null;
        IReadOnlyDictionary<string, string>? links = null;
        var network = lab.Layout.Network;
        if (up)
        {
            using var api = new Client.ApiClient(LabLayout.ApiUrl, lab.ApiToken);
            status = await api.GetAsync("/api/v1/status", cancellationToken);
            links = await lab.LinksAsync(cancellationToken);
        }

        if (settings.Output == OutputFormat.Json)
        {
            Console.WriteRaw(JsonSerializer.Serialize(new
            {
                up, directory = lab.Layout.Directory, network = up ? network.Word : null, links, processes = up ? lab.Processes() : null, status,
            }));
            return up ? ExitCodes.Ok : ExitCodes.Invalid;
        }

        if (RequireUp(lab) is not ExitCodes.Ok and var code)
        {
            return code;
        }

        Console.MarkupLineInterpolated($"network: {network.Description}");
        Console.Write(LabDashboard.Render(lab, status!.Value, links));
        return ExitCodes.Ok;
    }
}
