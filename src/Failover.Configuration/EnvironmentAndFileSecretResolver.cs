using Failover.Core.Secrets;
using Failover.Core.Topology;

namespace Failover.Configuration;

/// <summary>Resolves <c>…Env</c> references from the process environment and <c>…File</c> references from disk (trailing newline trimmed).</summary>
public sealed class EnvironmentAndFileSecretResolver : ISecretResolver
{
    public string Resolve(SecretReference reference)
    {
        if (reference.Source == SecretSource.Environment)
        {
            return Environment.GetEnvironmentVariable(reference.Location) is { Length: > 0 } value
                ? value
                : throw new SecretUnavailableException(reference, "the environment variable is not set");
        }

        try
        {
            return File.ReadAllText(reference.Location).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretUnavailableException(reference, e.GetType() == typeof(FileNotFoundException) ? "the file does not exist" : "the file cannot be read");
        }
    }
}
