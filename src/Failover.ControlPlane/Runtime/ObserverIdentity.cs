namespace Failover.ControlPlane.Runtime;

public static class ObserverIdentity
{
    /// <summary>The observer id of a control plane in an estate that declares no observers (a single instance).</summary>
    public const string Implicit = "local";
}
