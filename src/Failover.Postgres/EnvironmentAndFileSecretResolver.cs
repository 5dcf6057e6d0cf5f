using Failover.Core.Secrets;
using Failover.Core.Topology;

namespace Failover.Postgres;

/// <summary>
/// Resolves <c>env:NAME</c> from the process environment and <c>file:/path</c> from a file (trailing newline trimmed).
/// The value is read at each call and never cached; errors name the reference, never the value.
/// </summary>
public sealed class EnvironmentAndFileSecretResolver : ISecretResolver
{
    public string Resolve(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (string.IsNullOrWhiteSpace(reference.Location))
        {
            throw new SecretUnavailableException(reference, "the reference has no location");
        }

        return reference.Source switch
        {
            SecretSource.Environment => Environment.GetEnvironmentVariable(reference.Location) is { Length: > 0 } value
                ? value
                : throw new SecretUnavailableException(reference, "the environment variable is unset or empty"),
            SecretSource.File => ReadFile(reference),
            _ => throw new SecretUnavailableException(reference, "unknown secret source"),
        };
    }

    private static string ReadFile(SecretReference reference)
    {
        try
        {
            var value = File.ReadAllText(reference.Location).TrimEnd('\r', '\n');
            return value.Length > 0 ? value : throw new SecretUnavailableException(reference, "the file is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretUnavailableException(reference, $"the file cannot be read ({e.GetType().Name})");
        }
    }
}
