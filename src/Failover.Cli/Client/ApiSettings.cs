using System.ComponentModel;
using Failover.Cli.Commands.Config;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Client;

/// <summary>Where the control plane's API is and who is calling: options shared by every command that talks to it.</summary>
internal class ApiSettings : CommandSettings
{
    public const string ApiVariable = "FAILOVER_API";
    public const string TokenVariable = "FAILOVER_TOKEN";
    public const string DefaultApi = "http://127.0.0.1:7400";

    [CommandOption("--api <URL>")]
    [Description("The control plane's API (default: $FAILOVER_API, else http://127.0.0.1:7400)")]
    public string? Api { get; init; }

    [CommandOption("--token-file <FILE>")]
    [Description("A file holding the bearer token (default: $FAILOVER_TOKEN)")]
    public string? TokenFile { get; init; }

    [CommandOption("-o|--output <FORMAT>")]
    [Description("text (default) or json")]
    [DefaultValue(OutputFormat.Text)]
    public OutputFormat Output { get; init; }

    public Uri ApiUrl => new(Api ?? Environment.GetEnvironmentVariable(ApiVariable) ?? DefaultApi);

    public override ValidationResult Validate() =>
        Api is not null && (!Uri.TryCreate(Api, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            ? ValidationResult.Error($"--api must be an http(s) URL, found '{Api}'")
            : ValidationResult.Success();

    /// <exception cref="ApiException">The token file cannot be read, or no token is given.</exception>
    public string Token()
    {
        if (TokenFile is not null)
        {
            try
            {
                return File.ReadAllText(TokenFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ApiException(ExitCodes.Unreadable, $"cannot read token file '{TokenFile}': {e.Message}");
            }
        }

        return Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token
            ? token
            : throw new ApiException(ExitCodes.Unreachable, $"no API token: give --token-file FILE or set {TokenVariable}");
    }

    public ApiClient Connect() => new(ApiUrl, Token());
}
