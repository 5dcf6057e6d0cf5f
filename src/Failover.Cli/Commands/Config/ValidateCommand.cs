using System.Text.Json;
using Failover.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Config;

internal sealed class ValidateCommand(IAnsiConsole console) : Command<EstateFileSettings>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override int Execute(CommandContext context, EstateFileSettings settings, CancellationToken cancellationToken)
    {
        if (EstateFile.TryLoad(console, settings.File) is not { } result)
        {
            return ExitCodes.Unreadable;
        }

        if (settings.Output == OutputFormat.Json)
        {
            var document = new
            {
                file = settings.File,
                valid = result.IsValid,
                errors = result.Errors.Count(),
                warnings = result.Warnings.Count(),
                diagnostics = result.Diagnostics.Select(d => new { severity = d.IsError ? "error" : "warning", d.Path, d.Line, d.Column, d.Message }),
            };
            console.WriteRaw(JsonSerializer.Serialize(document, Json));
            return result.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        }

        EstateFile.PrintDiagnostics(console, settings.File, result);
        if (result.Estate is { } estate)
        {
            console.MarkupLineInterpolated(
                $"[green]valid:[/] {settings.File}: {estate.Sites.Count} sites, {estate.Services.Count} services, {estate.Observers.Count} observers, {estate.Routers.Count} routers ({result.Warnings.Count()} warnings)");
            return ExitCodes.Ok;
        }

        console.MarkupLineInterpolated($"[red]invalid:[/] {settings.File}: {result.Errors.Count()} errors, {result.Warnings.Count()} warnings");
        return ExitCodes.Invalid;
    }
}
