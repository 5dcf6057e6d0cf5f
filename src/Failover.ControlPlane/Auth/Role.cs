namespace Failover.ControlPlane.Auth;

/// <summary>What a token may do: viewers read, operators act on services, admins also manage the control plane.</summary>
public enum Role
{
    Viewer,
    Operator,
    Admin,
}
