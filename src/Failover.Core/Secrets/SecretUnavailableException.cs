using Failover.Core.Topology;

namespace Failover.Core.Secrets;

public sealed class SecretUnavailableException : Exception
{
    public SecretUnavailableException(SecretReference reference, string why)
        : base($"secret {reference} is unavailable: {why}") => Reference = reference;

    public SecretUnavailableException()
    {
        Reference = new SecretReference(SecretSource.Environment, "");
    }

    public SecretUnavailableException(string message)
        : base(message) => Reference = new SecretReference(SecretSource.Environment, "");

    public SecretUnavailableException(string message, Exception innerException)
        : base(message, innerException) => Reference = new SecretReference(SecretSource.Environment, "");

    public SecretReference Reference { get; }
}
