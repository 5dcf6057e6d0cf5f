using Failover.Core.Secrets;
using Failover.Core.Topology;

namespace Failover.Testing;

/// <summary>Reads a secret from an environment variable or a file, as the product's resolver will.</summary>
public sealed class TestSecrets : ISecretResolver
{
    public static TestSecrets Instance { get; } = new();

    public string Resolve(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Source == SecretSource.Environment)
        {
            return Environment.GetEnvironmentVariable(reference.Location) is { Length: > 0 } value
                ? value
                : throw new SecretUnavailableException(reference, "the variable is not set");
        }

        try
        {
            return File.ReadAllText(reference.Location).Trim();
        }
        catch (IOException ex)
        {
            throw new SecretUnavailableException(reference, ex.Message);
        }
    }

    /// <summary>Puts a value in a fresh environment variable and returns its reference.</summary>
    public static SecretReference InEnvironment(string value)
    {
        var name = $"FAILOVER_TEST_SECRET_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, value);
        return new SecretReference(SecretSource.Environment, name);
    }
}
