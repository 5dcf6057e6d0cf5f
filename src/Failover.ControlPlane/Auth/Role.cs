namespace Failover.ControlPlane.Auth;

/// <summary>What a token may do: viewers read, operators act on services, admins also manage the control plane.</summary>
public enum Role
{
    Viewer,
    Operator,
    Admin,
}

public static class Policies
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
}
