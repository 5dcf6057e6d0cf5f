namespace Failover.Cli.Client;

/// <summary>A failed call to the control plane, with the exit code the command ends with and a message for a human.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    public ApiException()
    {
    }

    public ApiException(string message)
        : base(message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = ExitCodes.Invalid;
}
