using Failover.Core.Topology;

namespace Failover.Core.Secrets;

/// <summary>Turns a secret reference into its value at the moment of use; never cache the value in a log or a message.</summary>
public interface ISecretResolver
{
    /// <exception cref="SecretUnavailableException">The variable is unset or the file unreadable; the message names the reference, never a value.</exception>
    string Resolve(SecretReference reference);
}
