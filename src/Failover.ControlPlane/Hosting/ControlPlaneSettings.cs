using Microsoft.Extensions.Configuration;

namespace Failover.ControlPlane.Hosting;

/// <summary>
/// Where the control plane's tunable settings come from: environment variables prefixed <c>FAILOVER_</c> (sections
/// separated by <c>__</c>: <c>FAILOVER_Engine__OperationTimeout=5m</c>), overridden by the command line
/// (<c>--operation-timeout 5m</c>). Durations are written as in the estate file (<c>500ms</c>, <c>15s</c>, <c>5m</c>).
/// </summary>
public static class ControlPlaneSettings
{
    public const string EnvironmentPrefix = "FAILOVER_";

    public const string Engine = "Engine";

    public const string Traffic = "Traffic";

    public const string Postgres = "Postgres";

    public const string Drills = "Drills";

    public const string SwitchoverDrills = "SwitchoverDrills";

    public const string OperationTimeout = Engine + ":OperationTimeout";

    /// <summary>The command-line flag of each setting that has one, for the messages that name it.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [OperationTimeout] = "--operation-timeout",
    };

    /// <param name="commandLine">Settings given on the command line, by key (<see cref="OperationTimeout"/>…); null values are left out.</param>
    /// <param name="environment">The environment variables; null: the process's.</param>
    public static IConfiguration Create(IReadOnlyDictionary<string, string?> commandLine, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var builder = new ConfigurationBuilder();
        if (environment is null)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }
        else
        {
            builder.AddInMemoryCollection(environment
                .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(e => KeyValuePair.Create(e.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)));
        }

        return builder.AddInMemoryCollection(commandLine.Where(s => s.Value is not null)).Build();
    }

    /// <summary>No settings: every default.</summary>
    public static IConfiguration Defaults() => new ConfigurationBuilder().Build();

    /// <summary>How a message names a setting: its key, its flag when it has one, and its environment variable.</summary>
    public static string Describe(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var variable = EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);
        return Flags.TryGetValue(key, out var flag) ? $"{flag} ({key}, {variable})" : $"{key} ({variable})";
    }
}
